package org.welfareflow.engine.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.welfareflow.engine.config.EngineSettings;

/**
 * With OPERATON_API_TOKEN set, every request (the REST API and /welfare/...) must carry
 * `Authorization: Bearer <token>`, except GET /welfare/health. The comparison takes the same time whatever the
 * token sent (both sides are hashed first, then compared with MessageDigest.isEqual).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ApiTokenFilter extends OncePerRequestFilter {

  static final String HEALTH_PATH = "/welfare/health";
  private static final String BEARER = "bearer ";

  private final byte[] expectedDigest;

  public ApiTokenFilter(EngineSettings settings) {
    this.expectedDigest = settings.tokenRequired() ? sha256(settings.apiToken()) : null;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    if (expectedDigest == null) {
      return true;
    }
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return HEALTH_PATH.equals(path);
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (authorized(request.getHeader("Authorization"))) {
      chain.doFilter(request, response);
      return;
    }
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    response.setHeader("WWW-Authenticate", "Bearer");
    response.setContentType("application/json");
    response.getWriter().write("{\"type\":\"Unauthorized\",\"message\":\"missing or wrong bearer token\"}");
  }

  boolean authorized(String header) {
    if (header == null || header.length() <= BEARER.length()
        || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return false;
    }
    byte[] given = sha256(header.substring(BEARER.length()).trim());
    return MessageDigest.isEqual(expectedDigest, given);
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java", e);
    }
  }
}
