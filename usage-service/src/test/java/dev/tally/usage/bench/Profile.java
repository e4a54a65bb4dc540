package dev.tally.usage.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/** usage-service's CPU profile from its JFR recording: the hottest top frames and the hottest own (dev.tally) frames. */
final class Profile {

    private Profile() {}

    static List<String> topFrames(Path recording, int limit) throws IOException {
        Map<String, Integer> top = new HashMap<>();
        Map<String, Integer> own = new HashMap<>();
        int samples = 0;
        double jvm = 0;
        double machine = 0;
        int loads = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (event.getEventType().getName().equals("jdk.CPULoad")) {
                jvm += event.getFloat("jvmUser") + event.getFloat("jvmSystem");
                machine += event.getFloat("machineTotal");
                loads++;
                continue;
            }
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")
                    || event.getStackTrace() == null
                    || event.getStackTrace().getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            top.merge(name(frames.get(0)), 1, Integer::sum);
            for (RecordedFrame frame : frames) {
                if (frame.getMethod().getType().getName().startsWith("dev.tally.")) {
                    own.merge(name(frame), 1, Integer::sum);
                    break;
                }
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(("usage-service CPU (JFR jdk.CPULoad, mean over the run, share of the machine's cores): usage-service"
                        + " %.0f%%, whole machine %.0f%%")
                .formatted(100 * jvm / Math.max(1, loads), 100 * machine / Math.max(1, loads)));
        lines.add("usage-service CPU profile (JFR, %d execution samples, whole run), top frames:".formatted(samples));
        add(lines, top, samples, limit);
        lines.add("  innermost dev.tally frame of each sample:");
        add(lines, own, samples, limit);
        return lines;
    }

    private static void add(List<String> lines, Map<String, Integer> counts, int samples, int limit) {
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(limit)
                .forEach(e ->
                        lines.add("  %5.1f%%  %s".formatted(100.0 * e.getValue() / Math.max(1, samples), e.getKey())));
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
