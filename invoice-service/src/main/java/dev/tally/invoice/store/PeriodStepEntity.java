package dev.tally.invoice.store;

import dev.tally.invoice.domain.PeriodStep;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A step done for a period, keyed by (period, step), with what it produced. */
@Entity
@Table(name = "period_step")
@IdClass(PeriodStepEntity.Key.class)
public class PeriodStepEntity {

    @Id
    public String periodId;
    @Id
    @Enumerated(EnumType.STRING)
    public PeriodStep step;
    public byte[] result;
    public Instant doneTime;

    /** The primary key: (period_id, step). */
    public static class Key implements Serializable {
        public String periodId;
        public PeriodStep step;

        public Key() {
        }

        public Key(String periodId, PeriodStep step) {
            this.periodId = periodId;
            this.step = step;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && periodId.equals(k.periodId) && step == k.step;
        }

        @Override
        public int hashCode() {
            return Objects.hash(periodId, step);
        }
    }
}
