package org.welfareflow.engine;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Plain HTTP calls to the app under test, with or without the bearer token. */
public final class HttpCalls {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private HttpCalls() {
  }

  public static HttpResponse<String> get(int port, String path, String token) throws Exception {
    return send(request(port, path, token).GET().build());
  }

  public static HttpResponse<String> post(int port, String path, String json, String token) throws Exception {
    return send(request(port, path, token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build());
  }

  public static HttpResponse<String> delete(int port, String path, String token) throws Exception {
    return send(request(port, path, token).DELETE().build());
  }

  private static HttpRequest.Builder request(int port, String path, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private static HttpResponse<String> send(HttpRequest request) throws Exception {
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
