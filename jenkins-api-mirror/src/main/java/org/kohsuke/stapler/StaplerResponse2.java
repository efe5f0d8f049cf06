package org.kohsuke.stapler;

import jakarta.servlet.http.HttpServletResponse;

/** Mirror (jenkins-api.md §7): the Jakarta response of a {@code do*} method. */
public interface StaplerResponse2 extends HttpServletResponse {
}
