package dev.smctl.pipeline

/**
 * The currentBuild the pipeline sees, with the one rule of Jenkins' RunWrapper the library relies on: the result
 * can only get worse (jenkins-api.md §11.3).
 */
class BuildStandIn {
    static final List<String> ORDER = ['SUCCESS', 'UNSTABLE', 'FAILURE', 'NOT_BUILT', 'ABORTED']

    final int number = 42
    /** What currentBuild.getBuildCauses() returns: the causes as JSON objects. */
    List<Map> causes
    String result
    String displayName
    String description

    BuildStandIn(List<Map> causes) {
        this.causes = causes
    }

    void setResult(String next) {
        assert next in ORDER: "Jenkins has no result ${next}"
        result = result == null || ORDER.indexOf(next) > ORDER.indexOf(result) ? next : result
    }

    List<Map> getBuildCauses() {
        return causes
    }

    /** The worse of this result and another. */
    String worst(String other) {
        String mine = result ?: 'SUCCESS'
        return ORDER.indexOf(other) > ORDER.indexOf(mine) ? other : mine
    }
}
