package dev.mcphybrid.it;

import static dev.mcphybrid.it.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/** Bad requests get RFC 9457 problem documents and never a stack trace. */
@GatewayTest
class ProblemsIT {

    static final GatewayClient gateway = new GatewayClient();

    @Test
    void unknown_path_is_a_404_problem() {
        assertThat(assertProblem(gateway.get("/api/no-such-thing"), 404).getString("instance")).isEqualTo("/api/no-such-thing");
    }

    @Test
    void wrong_method_is_a_405_problem() {
        assertProblem(gateway.delete("/api/tools"), 405);
    }

    @Test
    void paging_parameters_are_checked() {
        assertThat(assertProblem(gateway.get("/api/tools?limit=abc"), 400).getString("detail")).contains("limit");
        assertProblem(gateway.get("/api/tools?limit=0"), 400);
        assertProblem(gateway.get("/api/tools?limit=100000"), 400);
        assertThat(assertProblem(gateway.get("/api/tools?offset=-1"), 400).getString("detail")).contains("offset");
    }

    @Test
    void unacceptable_media_type_is_a_406_problem() {
        GatewayClient.Reply reply = gateway.send(HttpRequest.newBuilder(URI.create(System.getProperty("gateway.url", "http://localhost:9180") + "/api/servers"))
                .header("Accept", "application/xml").GET());
        assertThat(reply.status()).isEqualTo(406);
        assertThat(reply.body()).doesNotContain("Exception");
    }
}
