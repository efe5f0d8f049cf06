package dev.smctl.pipeline

import com.lesfurets.jenkins.unit.global.lib.SourceRetriever

/** Hands JenkinsPipelineUnit this repository's root as the library checkout, as Jenkins' SCM retriever would. */
class RepositoryLibrary implements SourceRetriever {
    final File root

    RepositoryLibrary(File root) {
        this.root = root
    }

    @Override
    List<URL> retrieve(String repository, String branch, String targetPath) {
        return [root.toURI().toURL()]
    }
}
