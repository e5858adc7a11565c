package dev.exobridge.setup;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * Downloads one file over HTTP(S) with the JDK's client: redirects followed (GitHub's release
 * links redirect), a connect timeout and a whole-download timeout, the JVM's proxy settings.
 */
final class Downloader {
    private final Duration connectTimeout;
    private final Duration timeout;

    Downloader(Duration connectTimeout, Duration timeout) {
        this.connectTimeout = connectTimeout;
        this.timeout = timeout;
    }

    /**
     * Writes the body of {@code url} to {@code file}.
     *
     * @throws SetupException naming the URL when it cannot be reached or does not answer 200
     */
    void download(URI url, Path file) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new SetupException("Downloading the pwsh archive from " + url + " failed: the server answered HTTP "
                            + response.statusCode() + ". Check the URL (the version and platform in the archive name).");
                }
                Files.copy(body, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (HttpTimeoutException e) {
            throw new SetupException("Downloading the pwsh archive from " + url + " did not finish within " + timeout
                    + ". Check the network, or download the archive yourself and give its path.", e);
        } catch (IOException e) {
            throw new SetupException("Cannot download the pwsh archive from " + url + ": " + describe(e)
                    + ". Check the URL, the network and any proxy, or download the archive yourself and give its path.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SetupException("Downloading the pwsh archive from " + url + " was interrupted", e);
        }
    }

    private static String describe(IOException e) {
        if (e instanceof java.net.ConnectException) {
            return "nothing accepted the connection (" + chain(e) + ")";
        }
        return chain(e);
    }

    /** The exception types down the cause chain and the first message on it, e.g. "UnknownHostException: example.invalid". */
    private static String chain(Throwable e) {
        StringBuilder kinds = new StringBuilder();
        String message = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            kinds.append(kinds.length() == 0 ? "" : " <- ").append(t.getClass().getSimpleName());
            if (message == null && t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return kinds + (message == null ? "" : ": " + message);
    }
}
