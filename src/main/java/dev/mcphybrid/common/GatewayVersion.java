package dev.mcphybrid.common;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.logging.Logger;

/** The project version the gateway was built as (version.properties, filtered by Maven). */
@ApplicationScoped
public class GatewayVersion {

    private static final Logger LOG = Logger.getLogger(GatewayVersion.class.getName());

    private final String version = read();

    public String version() {
        return version;
    }

    private static String read() {
        try (InputStream in = GatewayVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String value = properties.getProperty("version");
                if (value != null && !value.isBlank() && !value.startsWith("${")) {
                    return value.trim();
                }
            }
        } catch (IOException e) {
            LOG.fine(() -> "Cannot read version.properties: " + e);
        }
        return "unknown";
    }
}
