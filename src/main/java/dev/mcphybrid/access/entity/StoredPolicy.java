package dev.mcphybrid.access.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** The cluster-wide access policy as put through the API (table access_policy, one row with id 1). */
@Entity
@Table(name = "access_policy")
public class StoredPolicy {

    public static final short ID = 1;

    @Id
    private short id = ID;

    @Column(nullable = false)
    private String document;

    @Column(name = "updated_by", length = 200)
    private String updatedBy;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt;

    protected StoredPolicy() {
    }

    public StoredPolicy(String document, String updatedBy, OffsetDateTime updatedAt) {
        this.document = document;
        this.updatedBy = updatedBy;
        this.updatedAt = updatedAt;
    }

    public String document() {
        return document;
    }

    public String updatedBy() {
        return updatedBy;
    }

    public OffsetDateTime updatedAt() {
        return updatedAt;
    }

    public void replace(String document, String updatedBy, OffsetDateTime updatedAt) {
        this.document = document;
        this.updatedBy = updatedBy;
        this.updatedAt = updatedAt;
    }
}
