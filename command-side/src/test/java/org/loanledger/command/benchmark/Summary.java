package org.loanledger.command.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The spread between recorded full-scale runs: per machine and measure, the median, minimum and maximum over the runs
 * of the results file taken on a quiet machine, and how many of them met the target. Runs on different machines are
 * never pooled: the same code measured 1.5 to 2 times slower on one VM than on another; nor are runs whose services ran
 * on different Java feature releases (the record's {@code machine.serviceJava}, before it the harness's own
 * {@code machine.java}, which the services then ran on). Quick and partial runs are
 * left out: their scale differs; so are runs on a busy machine ({@link #loaded}), which are listed but not counted.
 */
final class Summary {

    /** The feature release in what {@code java -version} says ("build 25.0.3+9"), or in a VM's version ("17.0.15"). */
    private static final Pattern BUILD = Pattern.compile("build (\\d+)");
    private static final Pattern DOTTED = Pattern.compile("\\b(\\d+)\\.\\d+");

    private Summary() {
    }

    static String of(Path results) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> runs = new ArrayList<>();
        for (String line : Files.readAllLines(results)) {
            if (!line.isBlank()) {
                JsonNode run = json.readTree(line);
                if ("full".equals(run.path("scale").asText()) && !run.has("phases")) {
                    runs.add(run);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format("%d full-scale runs in %s%n%n", runs.size(), results));
        out.append("| run | date | commit | machine | load average before -> after | counted |\n")
                .append("|---|---|---|---|---|---|\n");
        List<JsonNode> quiet = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            JsonNode run = runs.get(i);
            JsonNode machine = run.get("machine");
            boolean loaded = loaded(run);
            if (!loaded) {
                quiet.add(run);
            }
            out.append(String.format("| %d | %s | %s | %s, %d cpus, %s MB | %s -> %s | %s |%n", i + 1,
                    run.get("date").asText(), run.get("commit").asText(), machine.get("cpu").asText(),
                    machine.get("cpus").asInt(), machine.get("memoryMb").asText(), run.get("loadAverageBefore").asText(),
                    run.get("loadAverageAfter").asText(), loaded ? "no: machine busy" : "yes"));
        }
        if (quiet.isEmpty()) {
            out.append("\nNo run on a quiet machine yet: the spread below is over busy runs and says little.\n");
            quiet = runs;
        }
        Map<String, List<JsonNode>> byMachine = new LinkedHashMap<>();
        for (JsonNode run : quiet) {
            JsonNode machine = run.get("machine");
            byMachine.computeIfAbsent(machine.get("cpu").asText() + ", " + machine.get("cpus").asInt()
                    + " cpus, services on Java " + featureRelease(machine), key -> new ArrayList<>()).add(run);
        }
        byMachine.forEach((machine, machineRuns) -> spread(out, machine, machineRuns));
        return out.toString();
    }

    private static void spread(StringBuilder out, String machine, List<JsonNode> runs) {
        Map<String, List<JsonNode>> byMeasure = new LinkedHashMap<>();
        for (JsonNode run : runs) {
            for (JsonNode measure : run.get("measures")) {
                if (measure.get("value").isNull()) {
                    continue;
                }
                byMeasure.computeIfAbsent(measure.get("id").asText(), id -> new ArrayList<>()).add(measure);
            }
        }
        out.append(String.format("%n%s: %d quiet runs (%s to %s)%n", machine, runs.size(),
                runs.get(0).get("date").asText(), runs.get(runs.size() - 1).get("date").asText()));
        out.append("\n| measure | median | min | max | spread (max-min)/median | target | runs meeting it |\n")
                .append("|---|---|---|---|---|---|---|\n");
        byMeasure.forEach((id, measures) -> {
            List<Double> values = new ArrayList<>(measures.stream().map(m -> m.get("value").asDouble()).toList());
            values.sort(null);
            double median = values.get(values.size() / 2);
            double min = values.get(0);
            double max = values.get(values.size() - 1);
            long met = measures.stream().filter(m -> m.path("pass").asBoolean(false)).count();
            // A measure whose target moved to another keeps being reported: count only the runs it had one in.
            long targeted = measures.stream().filter(m -> m.path("pass").isBoolean()).count();
            JsonNode last = measures.get(measures.size() - 1);
            String target = measures.stream().filter(m -> m.path("pass").isBoolean()).reduce((first, later) -> later)
                    .orElse(last).path("target").asText();
            String unit = last.get("unit").asText();
            out.append(String.format("| %s | %s | %s | %s | %s | %s | %s |%n", last.get("label").asText(),
                    Bench.format(median, unit), Bench.format(min, unit), Bench.format(max, unit),
                    median == 0 ? "" : String.format("%.0f%%", 100 * (max - min) / Math.abs(median)),
                    target, targeted > 0 ? met + " of " + targeted : ""));
        });
    }

    /** The Java feature release the services ran on: "25" of "... (build 25.0.3+9-LTS)", "17" of "... VM 17.0.15". */
    static String featureRelease(JsonNode machine) {
        String version = machine.path("serviceJava").asText(machine.path("java").asText(""));
        Matcher build = BUILD.matcher(version);
        if (build.find()) {
            return build.group(1);
        }
        Matcher dotted = DOTTED.matcher(version);
        return dotted.find() ? dotted.group(1) : "unknown";
    }

    /**
     * A run is left out of the spread when the machine was busy with other work: a one-minute load average above
     * its number of cores at the start. The load at the end is the run's own (64 connections, both services and the
     * generator), so it is recorded but says nothing about other work.
     */
    static boolean loaded(JsonNode run) {
        int cpus = run.get("machine").get("cpus").asInt();
        for (String field : List.of("loadAverageBefore")) {
            String[] averages = run.path(field).asText("").split(" ");
            try {
                if (Double.parseDouble(averages[0]) > cpus) {
                    return true;
                }
            } catch (NumberFormatException unknown) {
                return true;
            }
        }
        return false;
    }
}
