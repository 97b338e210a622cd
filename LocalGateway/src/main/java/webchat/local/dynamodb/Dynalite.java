package webchat.local.dynamodb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A dynalite process (a DynamoDB-compatible server from npm) on a free loopback port: in memory, or in a data folder.
 * Installs the pinned package from the gateway's package-lock.json on first use. It can be started again on the
 * same port after it died ({@link #restart()}), so the endpoint the functions were given stays valid.
 */
public final class Dynalite implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Path cli;
    private final Path dataDir;
    private final int port;
    private final Consumer<String> console;
    private final URI endpoint;
    private volatile Process process;
    private volatile boolean closed;

    private Dynalite(Path cli, Path dataDir, int port, Consumer<String> console) {
        this.cli = cli;
        this.dataDir = dataDir;
        this.port = port;
        this.console = console;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
    }

    /**
     * Starts dynalite.
     *
     * @param packageDir the folder holding package.json / package-lock.json (LocalGateway/)
     * @param dataDir    where to keep the tables, or null to keep them in memory
     * @param console    progress and dynalite's own output
     */
    public static Dynalite start(Path packageDir, Path dataDir, Consumer<String> console) throws IOException {
        Path cli = packageDir.resolve("node_modules/dynalite/cli.js");
        if (!Files.exists(cli)) {
            install(packageDir, console);
        }
        if (dataDir != null) {
            Files.createDirectories(dataDir);
        }
        Dynalite dynalite = new Dynalite(cli, dataDir, freePort(), console);
        dynalite.process = dynalite.launch();
        return dynalite;
    }

    /**
     * Starts dynalite again on the same port after its process ended (in memory, its tables are gone: the caller
     * creates them again). Returns once it listens.
     */
    public synchronized void restart() throws IOException {
        if (closed) {
            throw new IOException("dynalite was stopped");
        }
        if (process.isAlive()) {
            return;
        }
        process = launch();
    }

    private Process launch() throws IOException {
        // dynalite runs under a tiny wrapper that exits when its stdin closes, so it never outlives the gateway,
        // even when the gateway is killed without running its shutdown hooks. The wrapper also guards dynalite's own
        // port the way DynamoDbProxy guards the endpoint the functions get: dynalite answers any web page's CORS
        // preflight with Access-Control-Allow-Origin: *, so a page that finds the port could read and change the
        // tables. Requests from a browser (an Origin or Sec-Fetch-* header, a preflight, a foreign Host) get 403.
        String script = "process.stdin.on('end',()=>process.exit(0));process.stdin.resume();"
                + "const http=require('http'),create=http.createServer;"
                + "http.createServer=function(options,handler){"
                + "if(typeof options==='function'){handler=options;options=undefined}"
                + "const guarded=(req,res)=>{const h=req.headers;"
                + "if(req.method==='OPTIONS'||h.origin!==undefined||Object.keys(h).some(k=>k.startsWith('sec-fetch-'))"
                + "||!/^(127\\.0\\.0\\.1|localhost|\\[::1\\])(:\\d+)?$/i.test(h.host||'')){"
                + "res.writeHead(403,{'Content-Type':'application/x-amz-json-1.0'});"
                + "res.end(JSON.stringify({__type:'com.amazon.coral.service#AccessDeniedException',"
                + "message:'The local DynamoDB server does not answer web pages'}));return}"
                + "handler(req,res)};"
                + "return options===undefined?create.call(http,guarded):create.call(http,options,guarded)};"
                + "process.argv.splice(1,0,'dynalite');require(process.env.DYNALITE_CLI);";
        List<String> command = new ArrayList<>(List.of(
                "node", "-e", script, "--", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"));
        if (dataDir != null) {
            command.addAll(List.of("--path", dataDir.toAbsolutePath().toString()));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("DYNALITE_CLI", cli.toAbsolutePath().toString());
        Process started = builder.start();
        pipe(started, line -> console.accept("[dynalite] " + line));
        awaitListening(started, port);
        return started;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Whether the process is still running (tests stop and restart it to simulate an outage). */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The running process's id. */
    public long pid() {
        return process.pid();
    }

    /** Completes when the current process ends, with its exit code. */
    public CompletableFuture<Integer> onExit() {
        Process current = process;
        return current.onExit().thenApply(Process::exitValue);
    }

    /** True once {@link #close()} was called: an exit after that is no failure. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        closed = true;
        Process process = this.process;
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void install(Path packageDir, Consumer<String> console) throws IOException {
        console.accept("webchat:       installing dynalite from package-lock.json (npm ci, first run only)...");
        Process npm;
        try {
            npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                    .directory(packageDir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("Node.js and npm are needed to run dynalite: install Node.js 18 or newer "
                    + "(e.g. apt-get install nodejs npm), or pass --dynamodb-endpoint URL", e);
        }
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (npm.waitFor() != 0) {
                throw new IOException("npm ci failed in " + packageDir + ":\n" + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while installing dynalite", e);
        }
    }

    private static void awaitListening(Process process, int port) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("dynalite exited with code " + process.exitValue()
                        + " before listening; is Node.js 18 or newer installed? (node --version)");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(Duration.ofMillis(50));
            }
        }
        process.destroyForcibly();
        throw new IOException("dynalite did not listen on 127.0.0.1:" + port + " within " + START_TIMEOUT.toSeconds() + " s");
    }

    private static void pipe(Process process, Consumer<String> sink) {
        Thread.ofVirtual().name("dynalite-output").start(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (!line.startsWith("Dynalite listening")) {
                        sink.accept(line);
                    }
                }
            } catch (IOException ignored) {
                // the process ended; nothing more to show
            }
        });
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
