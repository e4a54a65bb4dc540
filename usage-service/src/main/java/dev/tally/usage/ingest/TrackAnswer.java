package dev.tally.usage.ingest;

import dev.tally.usage.v1.TrackResponse;

/** The answer to one Track item: its response, or the error Track returns for it. */
public record TrackAnswer(TrackResponse response, Throwable error) {

    public static TrackAnswer of(TrackResponse response) {
        return new TrackAnswer(response, null);
    }

    public static TrackAnswer failed(Throwable error) {
        return new TrackAnswer(null, error);
    }
}
