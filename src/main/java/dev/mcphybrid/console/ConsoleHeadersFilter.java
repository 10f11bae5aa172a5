package dev.mcphybrid.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The console's pages need a policy that lets them load their own scripts, styles and the images and audio a tool
 * returns (as data: URLs), and call the API of their own origin; nothing inline, nothing from another origin. It
 * replaces the API's {@code default-src 'none'} set by the security headers filter before it. Static files are
 * revalidated on every load, so a new release of the gateway is never mixed with cached modules of an older one.
 */
public class ConsoleHeadersFilter extends HttpFilter {

    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "media-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; "
            + "form-action 'none'; frame-ancestors 'none'";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        response.setHeader("Content-Security-Policy", POLICY);
        response.setHeader("Cache-Control", "no-cache");
        chain.doFilter(request, response);
    }
}
