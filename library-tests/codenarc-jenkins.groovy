// CodeNarc's Jenkins (CPS) rules for the Pipeline library. Each rule applies only to files named Jenkinsfile unless
// told otherwise, so every rule is pointed at the library's .groovy files; CpsCallFromNonCpsMethod also learns that
// the library's own classes are CPS-transformed (calls from @NonCPS methods into them are errors) and that they
// reach Pipeline steps through a variable named `script`.
ruleset {
    ruleset('rulesets/jenkins.xml') {
        ParameterOrReturnTypeNotSerializable { applyToFileNames = '*.groovy' }
        ObjectOverrideOnlyNonCpsMethods { applyToFileNames = '*.groovy' }
        ForbiddenCallInCpsMethod { applyToFileNames = '*.groovy' }
        ExpressionInCpsMethodNotSerializable { applyToFileNames = '*.groovy' }
        CpsCallFromNonCpsMethod {
            applyToFileNames = '*.groovy'
            cpsPackages = ['dev.smctl.pipeline']
            cpsScriptVariableName = 'script'
        }
        ClosureInGString { applyToFileNames = '*.groovy' }
        ClassNotSerializable { applyToFileNames = '*.groovy' }
    }
}
