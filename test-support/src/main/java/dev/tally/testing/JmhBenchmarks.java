package dev.tally.testing;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs a class's JMH benchmarks from a JUnit test method, the entry Maven's test plugins know how to
 * start (a benchmark's name is included by neither surefire nor failsafe by default, so only an
 * explicit {@code -Dtest=} or {@code -Dit.test=} runs it). JMH options come from the system property
 * {@code jmh.args}, e.g. {@code -Djmh.args="-wi 1 -i 2 -f 1"}; without a benchmark pattern among
 * them, every benchmark of the class runs.
 */
public final class JmhBenchmarks {

    private JmhBenchmarks() {}

    public static void run(Class<?> benchmarks) throws RunnerException, CommandLineOptionException {
        String args = System.getProperty("jmh.args", "");
        CommandLineOptions options = new CommandLineOptions(
                args.isBlank() ? new String[0] : args.trim().split("\\s+"));
        OptionsBuilder builder = new OptionsBuilder();
        builder.parent(options);
        if (options.getIncludes().isEmpty()) {
            builder.include(benchmarks.getName() + "\\.");
        }
        if (new Runner(builder.build()).run().isEmpty()) {
            throw new AssertionError("no benchmark of " + benchmarks.getName() + " ran (jmh.args: " + args + ")");
        }
    }
}
