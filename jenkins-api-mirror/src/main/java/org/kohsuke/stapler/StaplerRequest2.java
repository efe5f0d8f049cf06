package org.kohsuke.stapler;

import jakarta.servlet.http.HttpServletRequest;

/** Mirror (jenkins-api.md §7): the Jakarta request Stapler passes to a {@code do*} method (stapler's last Maven Central jar has none). */
public interface StaplerRequest2 extends HttpServletRequest {
}
