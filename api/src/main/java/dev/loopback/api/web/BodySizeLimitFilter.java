package dev.loopback.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import dev.loopback.activities.catalog.Catalog;
import java.io.IOException;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * API bodies are small JSON documents: anything larger than the limit is refused with 413, up
 * front when Content-Length says so, or as soon as a chunked body reads past the limit. Package
 * uploads to the catalog are the exception: they are files, up to {@link Catalog#MAX_PACKAGE_BYTES}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class BodySizeLimitFilter extends OncePerRequestFilter {

  private static final Pattern PACKAGE_UPLOAD = Pattern.compile("/api/v1/catalog/releases/[^/]+/[^/]+/packages/[^/]+/[^/]+");
  private final long limit;
  private final ProblemWriter problems;

  BodySizeLimitFilter(@Value("${loopback.api.max-body-bytes:65536}") long limit, ProblemWriter problems) {
    this.limit = limit;
    this.problems = problems;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith("/api/");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long limit = "PUT".equals(request.getMethod()) && PACKAGE_UPLOAD.matcher(request.getRequestURI()).matches()
        ? Catalog.MAX_PACKAGE_BYTES : this.limit;
    if (request.getContentLengthLong() > limit) {
      problems.write(request, response, Problems.payloadTooLarge(new PayloadTooLargeException(limit)));
      return;
    }
    chain.doFilter(new LimitedRequest(request, limit), response);
  }

  private static final class LimitedRequest extends HttpServletRequestWrapper {

    private final long limit;

    LimitedRequest(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      ServletInputStream in = super.getInputStream();
      return new ServletInputStream() {
        private long read;

        @Override
        public int read() throws IOException {
          int b = in.read();
          count(b < 0 ? 0 : 1);
          return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
          int n = in.read(buffer, offset, length);
          count(Math.max(n, 0));
          return n;
        }

        private void count(int n) {
          read += n;
          if (read > limit) {
            throw new PayloadTooLargeException(limit);
          }
        }

        @Override
        public boolean isFinished() {
          return in.isFinished();
        }

        @Override
        public boolean isReady() {
          return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
          in.setReadListener(listener);
        }
      };
    }
  }
}
