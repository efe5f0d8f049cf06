// Job DSL seed: one Pipeline job per runbook definition, in the folder runbooks/.
// Run it from a seed job whose workspace is a checkout of this repository ("Process Job DSLs", this file).
// Each job runs the smctl library's smRunbook, which defines the job's parameters on its first build.
String runbooks = 'resources/smctl/runbooks'

folder('runbooks') {
    displayName('Runbooks')
    description('One job per incident of the on-call runbook, generated from resources/smctl/runbooks by resources/jenkins/runbookJobs.groovy.')
}

readFileFromWorkspace("${runbooks}/index.txt").readLines()*.trim().findAll { it && !it.startsWith('#') }.each { String file ->
    String id = file - ~/\.yaml$/
    if (!(id ==~ /P[0-3]-\d{2}/)) {
        throw new IllegalArgumentException("${runbooks}/index.txt lists ${file}, which is not ID.yaml with an id like P0-01")
    }
    String title = readFileFromWorkspace("${runbooks}/${file}").readLines().find { it.startsWith('title:') }?.substring(6)?.trim() ?: id
    pipelineJob("runbooks/${id}") {
        displayName("${id} ${title}")
        description("Runbook ${id} (${title}), defined in ${runbooks}/${file}. The first build defines the parameters and runs nothing.")
        definition {
            cps {
                script("@Library('smctl') _\nsmRunbook('${id}')\n")
                sandbox(true)
            }
        }
    }
}
