package dev.strata.core.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Kills a committing child JVM with SIGKILL at a random moment, round after round, and checks after
 * each round that every commit the child acknowledged ("ACK n" printed after commit n returned) is
 * stored. The child prints "OPEN" once it is committing. Bounded in rounds and in time; the figures
 * go to {@code target/reliability/<name>.txt}.
 */
public final class KillLoop {

    /** Starts the child, which numbers its commits from {@code next}. */
    public interface Child {
        Process start(int next) throws IOException;
    }

    /** Reads the store back after a kill: the numbers of the commits it holds. */
    public interface Check {
        Set<Integer> stored() throws Exception;
    }

    /** What a loop did. */
    public record Figures(String name, int rounds, int acknowledged, int found, long millis) {
        String text() {
            return "kill loop: " + name + "\nrounds (SIGKILL at a random moment): " + rounds
                    + "\ncommits acknowledged: " + acknowledged + "\nacknowledged commits found after restart: " + found
                    + "\nacknowledged commits lost: " + (acknowledged - found) + "\ntime: " + millis / 1000 + " s\n";
        }
    }

    private KillLoop() {
    }

    public static Figures run(String name, int rounds, long timeLimitMs, int maxDelayMs, Child child, Check check)
            throws Exception {
        Random random = new Random(name.hashCode());
        long start = System.currentTimeMillis();
        long deadline = start + timeLimitMs;
        Set<Integer> acknowledged = new TreeSet<>();
        int next = 0;
        int done = 0;
        while (done < rounds && System.currentTimeMillis() < deadline) {
            Process p = child.start(next);
            Set<Integer> acks = new ConcurrentSkipListSet<>();
            List<String> output = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch open = new CountDownLatch(1);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null;) {
                        if (line.startsWith("ACK ")) {
                            acks.add(Integer.parseInt(line.substring(4)));
                        } else if (line.startsWith("OPEN")) {
                            open.countDown();
                        } else if (output.size() < 50) {
                            output.add(line);
                        }
                    }
                } catch (IOException e) {
                    output.add("reader: " + e);
                }
            }, "kill-loop-reader");
            reader.start();
            boolean opened = open.await(60, TimeUnit.SECONDS);
            assertTrue(opened && p.isAlive(), name + " round " + done + ": the child did not start committing: "
                    + output);
            Thread.sleep(random.nextInt(maxDelayMs + 1));
            // Through the handle, so that the pipe stays open and acknowledgements already printed are read.
            p.toHandle().destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), name + ": the child did not die");
            reader.join(10_000);
            assertEquals(137, p.exitValue(), name + " round " + done + ": killed with SIGKILL; output: " + output);
            acknowledged.addAll(acks);
            Set<Integer> stored = check.stored();
            for (int ack : acknowledged) {
                assertTrue(stored.contains(ack), name + ": acknowledged commit " + ack + " lost in round " + done);
            }
            next = Math.max(next, stored.stream().mapToInt(Integer::intValue).max().orElse(-1) + 1);
            done++;
        }
        Figures f = new Figures(name, done, acknowledged.size(), acknowledged.size(),
                System.currentTimeMillis() - start);
        write(name, f.text());
        assertEquals(rounds, done, name + ": rounds run within " + timeLimitMs / 1000 + " s");
        return f;
    }

    /** Writes a figures file under target/reliability (or the directory strata.reliability.dir names). */
    public static void write(String name, String text) throws IOException {
        Path dir = Path.of(System.getProperty("strata.reliability.dir", "target/reliability"));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".txt"), text, StandardCharsets.UTF_8);
        System.out.print(text);
    }
}
