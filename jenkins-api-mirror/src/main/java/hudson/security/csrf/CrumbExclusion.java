package hudson.security.csrf;

import hudson.ExtensionPoint;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** Mirror (jenkins-api.md §7): lets a POST through without a crumb; the Jakarta overload, as core declares it (not abstract). */
public abstract class CrumbExclusion implements ExtensionPoint {
    public CrumbExclusion() {
    }

    public boolean process(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        throw new UnsupportedOperationException();
    }
}
