package dev.mcphybrid.registry.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A server registered through the API. {@code definition} is the registration request as sent (JSON), re-read
 * with the same rules as the catalogue at start-up, so a stored row always means what it meant when accepted.
 */
@Entity
@Table(name = "registered_server")
public class RegisteredServer {

    @Id
    @Column(length = 64)
    private String id;

    @Column(nullable = false, length = 200)
    private String name;

    @Column(nullable = false, length = 32)
    private String transport;

    @Column(nullable = false, length = 2048)
    private String url;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    private String definition;

    @Column(name = "registered_by", length = 200)
    private String registeredBy;

    @Column(name = "registered_at", nullable = false)
    private OffsetDateTime registeredAt;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt;

    protected RegisteredServer() {
    }

    public RegisteredServer(String id, String name, String transport, String url, String definition, String registeredBy) {
        this.id = id;
        this.name = name;
        this.transport = transport;
        this.url = url;
        this.definition = definition;
        this.registeredBy = registeredBy;
        this.registeredAt = OffsetDateTime.now();
        this.updatedAt = registeredAt;
    }

    public String id() {
        return id;
    }

    public String definition() {
        return definition;
    }

    public String registeredBy() {
        return registeredBy;
    }

    public OffsetDateTime registeredAt() {
        return registeredAt;
    }
}
