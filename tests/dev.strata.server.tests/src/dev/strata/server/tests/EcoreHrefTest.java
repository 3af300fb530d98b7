package dev.strata.server.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import dev.strata.core.contract.ContractModel;
import dev.strata.wire.Json;
import dev.strata.server.tests.harness.ServerFixture;
import dev.strata.server.tests.harness.TestServer;

/**
 * A posted Ecore model resolves its references only against packages the server already has:
 * an href to another host or to a local file is refused with 400 naming it, and nothing is fetched
 * or opened (#13 item 7).
 */
class EcoreHrefTest {

    private static HttpServer listener;
    private static final List<String> requests = new CopyOnWriteArrayList<>();

    @RegisterExtension
    static final ServerFixture fixture = new ServerFixture();
    /** Made per test, after the fixture started the server. */
    private final TestServer server = fixture.server();

    @BeforeAll
    static void start() throws Exception {
        // Records every request that reaches it: a fetch by the server would show up here.
        listener = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        listener.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        listener.start();
    }

    @AfterAll
    static void stop() throws Exception {
        listener.stop(0);
    }

    private static String ecore(String nsUri, String classifiers) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <ecore:EPackage xmi:version="2.0" xmlns:xmi="http://www.omg.org/XMI"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                    xmlns:ecore="http://www.eclipse.org/emf/2002/Ecore" name="p" nsURI="%s" nsPrefix="p">
                %s
                </ecore:EPackage>
                """.formatted(nsUri, classifiers);
    }

    private static String nsUri() {
        return "http://strata.dev/test/href/" + UUID.randomUUID();
    }

    private HttpResponse<String> post(String store, String xmi) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode body = Json.object();
        body.put("ecore", xmi);
        return server.post("/stores/" + store + "/model/packages", body.toString(), TestServer.bearer());
    }

    private static void assertRefused(HttpResponse<String> r, String href) {
        assertEquals(400, r.statusCode(), r.body());
        JsonNode body = TestServer.json(r);
        assertEquals("ecore", body.path("field").asText(), r.body());
        assertTrue(body.path("message").asText().contains(href), "the message must name " + href + ": " + r.body());
    }

    private String hostUrl(String path) {
        return "http://127.0.0.1:" + listener.getAddress().getPort() + path;
    }

    @Test
    void referencesToKnownPackagesResolve() throws Exception {
        String store = "href-ok-" + UUID.randomUUID().toString().substring(0, 8);
        server.serveMemoryStore(store);
        HttpResponse<String> r = post(store, ecore(nsUri(), """
                  <eClassifiers xsi:type="ecore:EClass" name="A" eSuperTypes="%s#//Item">
                    <eStructuralFeatures xsi:type="ecore:EAttribute" name="title"
                        eType="ecore:EDataType http://www.eclipse.org/emf/2002/Ecore#//EString"/>
                    <eStructuralFeatures xsi:type="ecore:EReference" name="b" eType="#//B"/>
                  </eClassifiers>
                  <eClassifiers xsi:type="ecore:EClass" name="B"/>
                """.formatted(ContractModel.NS_URI)));
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void hrefsToAnotherHostAreRefusedWithoutARequest() throws Exception {
        String store = "href-http-" + UUID.randomUUID().toString().substring(0, 8);
        server.serveMemoryStore(store);
        requests.clear();
        String type = hostUrl("/evil.ecore") + "#//Thing";
        assertRefused(post(store, ecore(nsUri(), """
                  <eClassifiers xsi:type="ecore:EClass" name="A">
                    <eStructuralFeatures xsi:type="ecore:EReference" name="r" eType="ecore:EClass %s"/>
                  </eClassifiers>
                """.formatted(type))), type);
        String superType = hostUrl("/super.ecore") + "#//Base";
        assertRefused(post(store, ecore(nsUri(), """
                  <eClassifiers xsi:type="ecore:EClass" name="A" eSuperTypes="%s"/>
                """.formatted(superType))), superType);
        // A namespace the document uses for an element's type is a package to look up, not to fetch.
        String ns = hostUrl("/namespace.ecore");
        HttpResponse<String> r = post(store, ecore(nsUri(), """
                  <eClassifiers xmlns:evil="%s" xsi:type="evil:Thing" name="A"/>
                """.formatted(ns)));
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("ecore", TestServer.json(r).path("field").asText(), r.body());
        assertEquals(List.of(), requests, "the server must not fetch anything");
    }

    @Test
    void hrefsToLocalFilesAreRefusedWithoutOpeningThem() throws Exception {
        String store = "href-file-" + UUID.randomUUID().toString().substring(0, 8);
        server.serveMemoryStore(store);
        Path dir = Files.createTempDirectory("strata-href");
        // A named pipe: opening it for reading lets the waiting writer through, so an open shows.
        Path fifo = dir.resolve("model.ecore");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo failed");
        AtomicBoolean opened = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                opened.set(true);
            } catch (IOException e) {
                // the test reads the flag only
            }
        }, "fifo-writer");
        writer.setDaemon(true);
        writer.start();
        try {
            String href = fifo.toUri() + "#//Thing";
            assertRefused(post(store, ecore(nsUri(), """
                      <eClassifiers xsi:type="ecore:EClass" name="A" eSuperTypes="%s"/>
                    """.formatted(href))), href);
            assertFalse(opened.get(), "the server opened " + fifo);

            String traversal = "platform:/plugin/dev.strata.core/../../../etc/passwd#//Thing";
            assertRefused(post(store, ecore(nsUri(), """
                      <eClassifiers xsi:type="ecore:EClass" name="A" eSuperTypes="%s"/>
                    """.formatted(traversal))), traversal);
            String jar = "jar:" + dir.resolve("m.jar").toUri() + "!/model.ecore#//Thing";
            assertRefused(post(store, ecore(nsUri(), """
                      <eClassifiers xsi:type="ecore:EClass" name="A" eSuperTypes="%s"/>
                    """.formatted(jar))), jar);
            assertFalse(opened.get(), "the server opened " + fifo);
        } finally {
            if (!opened.get()) {
                Thread reader = new Thread(() -> {
                    try (InputStream in = Files.newInputStream(fifo)) {
                        in.readAllBytes();
                    } catch (IOException e) {
                        // only releases the writer
                    }
                }, "fifo-release");
                reader.setDaemon(true);
                reader.start();
                reader.join(5_000);
            }
            writer.join(5_000);
            Files.deleteIfExists(fifo);
            Files.deleteIfExists(dir);
        }
    }
}
