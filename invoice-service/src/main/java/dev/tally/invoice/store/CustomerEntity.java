package dev.tally.invoice.store;

import dev.tally.invoice.domain.CustomerStatus;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A paying account; its id is the customer id every other service uses. */
@Entity
@Table(name = "customer")
class CustomerEntity {

    @Id
    public String customerId;

    public String displayName;
    public String email;
    public String currencyCode;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> metadata;

    @Enumerated(EnumType.STRING)
    public CustomerStatus status;

    public Instant createTime;
    public Instant updateTime;
    public Instant archiveTime;

    @Version
    public long rowVersion;
}
