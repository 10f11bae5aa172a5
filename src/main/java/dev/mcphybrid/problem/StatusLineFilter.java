package dev.mcphybrid.problem;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;

/** Gives every status the application sets its reason phrase, also those Liberty's transport calls "Undefined". */
public class StatusLineFilter extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(request, new Phrased(response));
    }

    private static final class Phrased extends HttpServletResponseWrapper {

        Phrased(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setStatus(int status) {
            super.setStatus(status);
            ReasonPhrases.apply(getResponse(), status);
        }
    }
}
