package dev.smctl.pipeline

/** Records the Job DSL calls the seed makes: items by name, each with the values of the calls inside it. */
class JobDslRecorder {
    final Map<String, Map> items = [:]
    Map current

    void folder(String name, Closure body) {
        item('folder', name, body)
    }

    void pipelineJob(String name, Closure body) {
        item('pipelineJob', name, body)
    }

    String readFileFromWorkspace(String path) {
        return new File(RunbookPipelineTest.ROOT, path).text
    }

    private void item(String kind, String name, Closure body) {
        assert !items.containsKey(name): "${name} is defined twice"
        current = items[name] = [kind: kind]
        nested(body)
    }

    private void nested(Closure body) {
        body.delegate = this
        body.resolveStrategy = Closure.DELEGATE_FIRST
        body()
    }

    def methodMissing(String name, Object args) {
        Object[] values = (Object[]) args
        if (values.length == 1 && values[0] instanceof Closure) {
            nested((Closure) values[0])
        } else {
            current[name] = values.length == 1 ? values[0] : values.toList()
        }
        return null
    }
}

