package dev.smctl.alerts;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The receiver over real HTTP on loopback, as Alertmanager reaches {@code smctl alerts serve}. */
class ReceiverServerTest extends ReceiverCase {
    private ReceiverServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> answers = new ArrayList<>();

    @BeforeEach
    void listen() {
        server = ReceiverServer.start(receiver, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(URI url, String authorization, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        answers.add(response.body());
        return response;
    }

    @Test
    void answersAlertmanagerOverHttp() throws Exception {
        HttpResponse<String> accepted = post(server.url(), "Bearer " + TOKEN, Notifications.firing("ApplicationDown", "production"));
        HttpResponse<String> repeat = post(server.url(), "Bearer " + TOKEN, Notifications.firing("ApplicationDown", "production"));
        HttpResponse<String> anonymous = post(server.url(), null, Notifications.firing("ApplicationDown", "staging"));
        HttpResponse<String> tooLarge = post(server.url(), "Bearer " + TOKEN, new byte[5 << 20]);
        HttpResponse<String> elsewhere = post(server.url().resolve("/admin"), "Bearer " + TOKEN, new byte[0]);
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(server.url()).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(server.url().getHost()).isEqualTo("127.0.0.1");
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(Notifications.JSON.readTree(accepted.body()).path("decisions").path(0).path("decision").asText()).isEqualTo("scheduled");
        assertThat(Notifications.JSON.readTree(repeat.body()).path("decisions").path(0).path("decision").asText()).isEqualTo("duplicate");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(elsewhere.statusCode()).isEqualTo(404);
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        assertThat(scheduler.scheduled).hasSize(1);
    }

    @Test
    void theTokenAppearsInNoAnswerAndNoRecord() throws Exception {
        post(server.url(), "Bearer " + TOKEN, Notifications.firing("ApplicationDown", "production"));
        post(server.url(), "Bearer " + TOKEN + "-wrong", Notifications.firing("ApplicationDown", "production"));
        post(server.url(), "Bearer " + TOKEN, "{\"alerts\":[{\"labels\":{\"alertname\":\"$(id)\"}}]}".getBytes());

        assertThat(answers).hasSize(3).noneMatch(answer -> answer.contains(TOKEN));
        assertThat(Files.readString(audit.file())).doesNotContain(TOKEN).contains("ApplicationDown");
        assertThat(receiver.toString()).doesNotContain(TOKEN);
    }
}
