package dev.smctl.pipeline

import org.codehaus.groovy.control.CompilerConfiguration
import org.junit.jupiter.api.DisplayName
import org.junit.jupiter.api.Test
import org.yaml.snakeyaml.LoaderOptions
import org.yaml.snakeyaml.Yaml
import org.yaml.snakeyaml.constructor.SafeConstructor

import static org.assertj.core.api.Assertions.assertThat

/**
 * What Jenkins needs besides the code: the Job DSL seed that creates runbooks/ with one job per definition, the JCasC
 * snippet that registers the library, and a help file per global variable. The seed runs here against a recording
 * stand-in of the Job DSL API (folder, pipelineJob and the nested calls it uses), not the job-dsl plugin.
 */
class LibraryLayoutTest {
    public static final File ROOT = RunbookPipelineTest.ROOT

    @Test
    @DisplayName('The Job DSL seed creates runbooks/ with one sandboxed Pipeline job per definition, each running smRunbook(id)')
    void seedCreatesOneJobPerRunbook() {
        CompilerConfiguration configuration = new CompilerConfiguration()
        configuration.scriptBaseClass = DelegatingScript.name
        DelegatingScript seed = (DelegatingScript) new GroovyShell(getClass().classLoader, new Binding(), configuration)
                .parse(new File(ROOT, 'resources/jenkins/runbookJobs.groovy'))
        JobDslRecorder dsl = new JobDslRecorder()
        seed.setDelegate(dsl)
        seed.run()

        List<String> ids = RunbookPipelineTest.everyRunbook()
        assertThat(ids).containsExactly('P0-01', 'P0-02', 'P0-03', 'P1-01', 'P1-02', 'P2-01', 'P2-02')
        assertThat(dsl.items.keySet()).containsExactlyElementsOf(['runbooks'] + ids.collect { "runbooks/${it}".toString() })
        assertThat(String.valueOf(dsl.items.runbooks.kind)).isEqualTo('folder')
        ids.each { String id ->
            Map job = dsl.items["runbooks/${id}".toString()]
            assertThat(String.valueOf(job.kind)).isEqualTo('pipelineJob')
            assertThat(String.valueOf(job.script)).isEqualTo(RunbookPipelineTest.jobScript(id))
            assertThat((Boolean) job.sandbox).isTrue()
            assertThat(String.valueOf(job.displayName)).isEqualTo("${id} ${RunbookPipelineTest.definition(id).title}".toString())
        }
    }

    @Test
    @DisplayName('The JCasC snippet registers smctl as a global, explicitly loaded library and seeds the jobs from the DSL script')
    void cascRegistersTheLibrary() {
        Map casc = (Map) new Yaml(new SafeConstructor(new LoaderOptions())).load(new File(ROOT, 'resources/jenkins/casc.yaml').text)

        Map library = casc.unclassified.globalLibraries.libraries[0]
        assertThat(library).containsEntry('name', 'smctl').containsEntry('implicit', false).containsEntry('allowVersionOverride', false)
        assertThat(casc.jobs[0].script).contains("external('resources/jenkins/runbookJobs.groovy')")
    }

    @Test
    @DisplayName('Every global variable has its help text')
    void everyGlobalVariableHasHelp() {
        List<String> variables = new File(ROOT, 'vars').list().findAll { it.endsWith('.groovy') }.collect { it - '.groovy' }
        assertThat(variables).containsExactlyInAnyOrder('smRunbook', 'smApprovalGate')
        variables.each { assertThat(new File(ROOT, "vars/${it}.txt")).isFile().content().contains("<b>${it}(".toString()) }
    }
}
