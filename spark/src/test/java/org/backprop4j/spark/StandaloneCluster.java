package org.backprop4j.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.sql.SparkSession;
import org.backprop4j.train.Sequential;

/**
 * A real Spark standalone cluster on this machine, for tests: one Master and two Workers (one core
 * each), each its own JVM, on 127.0.0.1 and ephemeral ports, started from the Spark jars of the
 * test class path (the ones Maven fetched; no Spark download). Executors are the workers' child
 * JVMs, as on a real cluster, so a test meets serialisation, class shipping and JVM flags the way a
 * deployment does, which {@code local[N]} (one JVM) hides.
 *
 * <pre>{@code
 * try (StandaloneCluster cluster = StandaloneCluster.start()) {
 *     SparkSession spark = cluster.session();
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #close} stops every JVM it started, executors included, and deletes its files, also
 * when the start failed halfway; a shutdown hook does the same if the test JVM exits first. One
 * SparkContext at a time lives in a JVM: {@link #session} stops the active one (such as
 * {@link LocalSpark}'s, which restarts on its next use).
 */
public final class StandaloneCluster implements AutoCloseable {
    /** Workers, each one executor of one core. */
    public static final int WORKERS = 2;

    private static final String LOOPBACK = "127.0.0.1";
    private static final String EXECUTOR_MAIN = "org.apache.spark.executor.CoarseGrainedExecutorBackend";
    // JVMs on a 2-core machine shared with other builds can start slowly; the waits end as soon as
    // their condition holds, these only bound them.
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOG_TAIL_LINES = 40;

    private final String workerMemory;
    private final Path root;        // all this cluster writes; its path also marks its processes
    private final Path sparkHome;
    private final Path logs;
    private final Thread shutdownHook;
    // Guards the fields below. Never held while waiting, so that the shutdown hook (which takes
    // it) is not held up by a test thread polling for executors.
    private final Object lock = new Object();
    private final List<Daemon> daemons = new ArrayList<>();  // master first, then workers
    private final Map<SparkSession, RemovedExecutors> sessions = new LinkedHashMap<>();
    private final List<Killed> killed = new ArrayList<>();
    private boolean stopped;
    private List<String> jvmFlags;
    private List<String> appJars;
    private URI masterJson;         // the master's state, polled for its workers
    private String masterUrl;

    private StandaloneCluster(String workerMemory) throws IOException {
        this.workerMemory = workerMemory;
        root = Files.createTempDirectory("backprop4j-spark-cluster-").toRealPath();
        sparkHome = root.resolve("spark-home");
        logs = root.resolve("logs");
        // Before any process starts: a test JVM that exits without close() (Ctrl-C, surefire's
        // timeout) must not leave a cluster behind. SIGKILL skips hooks; its leftovers are found
        // by `pgrep -f backprop4j-spark-cluster-`.
        shutdownHook = new Thread(this::stopProcessesAndDelete, "StandaloneCluster shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a master and {@link #WORKERS} workers and returns once all have registered.
     *
     * @throws IllegalStateException when the cluster does not come up in time, with the tails of
     *     its logs; whatever had started is stopped
     */
    public static StandaloneCluster start() throws IOException {
        return start("1g");
    }

    /**
     * Starts a master and {@link #WORKERS} workers that each offer {@code workerMemory} (such as
     * {@code "3g"}) to executors; ask for executors that large with {@code spark.executor.memory}.
     */
    public static StandaloneCluster start(String workerMemory) throws IOException {
        StandaloneCluster cluster = new StandaloneCluster(workerMemory);
        try {
            cluster.prepare();
            cluster.startMaster();
            for (int i = 1; i <= WORKERS; i++) {
                cluster.startWorker(i);
            }
            cluster.awaitCondition(WORKERS + " workers registered with the master",
                    () -> masterState(cluster.masterJson)
                            .map(state -> state.path("aliveworkers").asInt() >= WORKERS).orElse(false));
            return cluster;
        } catch (RuntimeException | IOException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** The master's {@code spark://127.0.0.1:port} URL. */
    public String masterUrl() {
        return masterUrl;
    }

    /** A session on this cluster with {@link #conf()}; see {@link #session(Map)}. */
    public SparkSession session() {
        return session(Map.of());
    }

    /**
     * A new session on this cluster, returned once its {@link #WORKERS} executors have registered
     * (so that a job's partitions spread over both). Stops the JVM's active SparkContext first, if
     * any. {@link #close} stops the session if the test did not.
     *
     * @param extraConf settings added to (or replacing) {@link #conf()}'s, such as
     *     {@code spark.task.maxFailures}
     */
    public SparkSession session(Map<String, String> extraConf) {
        stopActiveSession();
        SparkSession.Builder builder = SparkSession.builder().appName("backprop4j-cluster-test");
        Map<String, String> conf = new LinkedHashMap<>(conf());
        conf.putAll(extraConf);
        conf.forEach(builder::config);
        SparkSession spark = builder.getOrCreate();
        RemovedExecutors removed = new RemovedExecutors();
        spark.sparkContext().addSparkListener(removed);
        synchronized (lock) {
            sessions.put(spark, removed);
        }
        if (!masterUrl.equals(spark.sparkContext().master())) {
            throw new IllegalStateException("got a session on " + spark.sparkContext().master()
                    + ", not on this cluster's " + masterUrl);
        }
        awaitExecutors(spark, WORKERS);
        return spark;
    }

    /**
     * What a driver needs to run on this cluster: the master, the JVM flags and classes executors
     * need, the driver on loopback without its UI, small executors and shuffles.
     */
    public Map<String, String> conf() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.master", masterUrl);
        conf.put("spark.driver.host", LOOPBACK);
        conf.put("spark.driver.bindAddress", LOOPBACK);
        conf.put("spark.ui.enabled", "false");
        conf.put("spark.executor.memory", "512m");
        conf.put("spark.executor.cores", "1");
        conf.put("spark.cores.max", Integer.toString(WORKERS));
        conf.put("spark.sql.shuffle.partitions", "2");
        // The Vector API module and Spark's opens, as the test JVM has them from surefire's argLine:
        // backprop4j throws without the module. Spark 4.0 happens to add a list with the module to
        // executors itself (JavaModuleOptions), but that is its internal default, and Spark 3 had
        // no module in it; ours is asked for explicitly, as a deployment would have to.
        conf.put("spark.executor.extraJavaOptions", String.join(" ", quoted(jvmFlags)));
        // The project's classes reach executors as jars served by the driver (spark.jars, what
        // spark-submit --jars does), not by spark.executor.extraClassPath: executors then load them
        // in the class loader they give application jars, as in a deployment, so a test catches
        // code that looks classes up in the wrong loader; and nothing relies on executors reading
        // the driver's target/ directories.
        conf.put("spark.jars", String.join(",", appJars));
        return conf;
    }

    /**
     * Waits until the driver of {@code spark}, a session of {@link #session}, has {@code executors}
     * live executors, each ready to run a task: after {@link #killOneExecutor}, until it has
     * dropped the killed one and the replacement is ready. Then a job of as many one-core tasks as
     * executors runs one task on each.
     *
     * @throws IllegalStateException after a timeout, with the cluster's log tails
     */
    public void awaitExecutors(SparkSession spark, int executors) {
        RemovedExecutors removed;
        List<String> killedHere;
        synchronized (lock) {
            removed = sessions.get(spark);
            if (removed == null) {
                throw new IllegalArgumentException("not a session made by this cluster's session()");
            }
            String app = spark.sparkContext().applicationId();
            killedHere = killed.stream().filter(k -> k.app().equals(app)).map(Killed::executorId)
                    .collect(Collectors.toList());
        }
        // The driver lists a killed executor until it notices the loss. The status tracker counts
        // the driver as one of the executors.
        awaitCondition(executors + " live executors registered with the driver",
                () -> removed.ids.containsAll(killedHere)
                        && spark.sparkContext().statusTracker().getExecutorInfos().length == executors + 1);
        // Registered is not ready: the driver offers an executor no task until the executor has
        // reported that it started (LaunchedExecutor), so a job may run all on the one ready
        // executor. An executor that has run a task is ready; small jobs find each.
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Integer> slots = IntStream.range(0, executors).boxed().collect(Collectors.toList());
        Set<String> ran = new HashSet<>();
        awaitCondition(executors + " executors running tasks", () -> {
            ran.addAll(context.parallelize(slots, executors).map(StandaloneCluster::executorId).collect());
            ran.removeAll(removed.ids);
            return ran.size() >= executors;
        });
    }

    /** Runs on an executor: its id. */
    private static String executorId(Integer ignored) {
        return SparkEnv.get().executorId();
    }

    /** The process ids of the executor JVMs now running (children of the workers), ascending. */
    public List<Long> executorPids() {
        return executors().stream().map(ProcessHandle::pid).sorted().collect(Collectors.toList());
    }

    /**
     * Kills one executor JVM at once (SIGKILL, as a crash or the OOM killer would), waits until it
     * has exited, and returns its process id. Its worker starts a replacement and the driver reruns
     * the lost tasks (a task gets {@code spark.task.maxFailures} attempts, 4 by default);
     * {@link #awaitExecutors} waits for the replacement. Callable while a job runs.
     *
     * @throws IllegalStateException when no executor runs
     */
    public long killOneExecutor() {
        ProcessHandle executor = executors().stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("no executor JVM is running\n" + logTails()));
        List<String> args = List.of(executor.info().arguments().orElseThrow());
        synchronized (lock) {
            killed.add(new Killed(argument(args, "--app-id"), argument(args, "--executor-id")));
        }
        executor.destroyForcibly();
        try {
            executor.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("executor " + executor.pid() + " did not exit", e);
        }
        return executor.pid();
    }

    /** The last lines of the master's, the workers' and the executors' logs, for failure messages. */
    public String logTails() {
        StringBuilder out = new StringBuilder();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path log : files.filter(StandaloneCluster::isLog).sorted().collect(Collectors.toList())) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                int from = Math.max(0, lines.size() - LOG_TAIL_LINES);
                out.append("---- ").append(root.relativize(log)).append(" (last ").append(lines.size() - from)
                        .append(" of ").append(lines.size()).append(" lines)\n");
                lines.subList(from, lines.size()).forEach(l -> out.append(l).append('\n'));
            }
        } catch (IOException | UncheckedIOException e) {
            out.append("(logs unreadable: ").append(e).append(")\n");
        }
        return out.toString();
    }

    /** Stops the sessions {@link #session} made, every JVM of the cluster, and deletes its files. */
    @Override
    public void close() {
        List<SparkSession> toStop;
        synchronized (lock) {
            toStop = new ArrayList<>(sessions.keySet());
            sessions.clear();
        }
        // The driver first, so that it does not take the executors' end for failures.
        for (SparkSession spark : toStop) {
            try {
                spark.stop();
            } catch (RuntimeException e) {
                System.err.println("StandaloneCluster: stopping a session failed: " + e);
            }
        }
        stopProcessesAndDelete();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs stopProcessesAndDelete too, which does its work once
        }
    }

    /**
     * Lays out the fake SPARK_HOME: jars/ links every jar of the test class path except the
     * project's own entries (its class directories and the backprop4j library), which are the
     * application and are shipped as jars instead.
     */
    private void prepare() throws IOException {
        jvmFlags = moduleFlagsOfThisJvm();
        Files.createDirectories(logs);
        Files.createDirectories(sparkHome.resolve("conf"));
        Path jars = Files.createDirectories(sparkHome.resolve("jars"));
        Path library = codeSource(Sequential.class);
        List<Path> application = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path path = Path.of(entry).toAbsolutePath();
            if (Files.isDirectory(path) || path.equals(library)) {
                application.add(path);
            } else if (entry.endsWith(".jar") && Files.isRegularFile(path)) {
                String name = path.getFileName().toString();
                // Two artifacts may share a file name; neither may hide the other.
                for (int n = 2; !names.add(name); n++) {
                    name = n + "-" + path.getFileName();
                }
                Files.createSymbolicLink(jars.resolve(name), path);
            }
        }
        if (names.stream().noneMatch(n -> n.startsWith("spark-core_"))) {
            throw new IllegalStateException("no spark-core jar on the class path "
                    + System.getProperty("java.class.path"));
        }
        if (!application.contains(library)) {
            application.add(library);
        }
        appJars = jarsOf(application);
    }

    /** The application's jars: jars as they are, class directories packed into jars. */
    private List<String> jarsOf(List<Path> entries) throws IOException {
        Path dir = Files.createDirectories(root.resolve("app-jars"));
        List<String> jars = new ArrayList<>();
        for (Path entry : entries) {
            if (Files.isDirectory(entry)) {
                // target/classes and target/test-classes: the index keeps equal names apart
                Path jar = dir.resolve(jars.size() + "-" + entry.getFileName() + ".jar");
                packDirectory(entry, jar);
                jars.add(jar.toUri().toString());
            } else {
                jars.add(entry.toUri().toString());
            }
        }
        return jars;
    }

    private void startMaster() throws IOException {
        // The RPC port is 0 (the master's JSON says which it bound); the UI port must be known to be
        // polled, so it is a free one found here. Should another process take it first, the master
        // exits instead of moving on to the next port (maxRetries 0), and this tries another.
        for (int attempt = 1; ; attempt++) {
            int uiPort = freePort();
            Process master = launch("master", List.of("-Dspark.port.maxRetries=0"),
                    "org.apache.spark.deploy.master.Master",
                    "--host", LOOPBACK, "--port", "0", "--webui-port", Integer.toString(uiPort));
            URI json = URI.create("http://" + LOOPBACK + ":" + uiPort + "/json");
            awaitCondition("the master's web UI at " + json,
                    () -> !master.isAlive() || masterState(json).isPresent(), false);
            if (master.isAlive()) {
                masterJson = json;
                masterUrl = masterState(json).map(state -> state.path("url").asText()).orElse("");
                if (!masterUrl.startsWith("spark://")) {
                    throw new IllegalStateException("the master reports no spark:// URL\n" + logTails());
                }
                return;
            }
            String log = Files.readString(logs.resolve("master.log"));
            if (attempt == 3 || !log.contains("BindException")) {
                throw new IllegalStateException("the master exited with status " + master.exitValue() + "\n"
                        + logTails());
            }
            synchronized (lock) {
                daemons.removeIf(d -> d.process() == master);
            }
        }
    }

    private void startWorker(int number) throws IOException {
        Path workDir = Files.createDirectories(root.resolve("work").resolve("worker-" + number));
        launch("worker-" + number, List.of(), "org.apache.spark.deploy.worker.Worker",
                "--host", LOOPBACK, "--port", "0", "--webui-port", "0",
                "--cores", "1", "--memory", workerMemory, "--work-dir", workDir.toString(), masterUrl);
    }

    /** Starts a daemon JVM on the fake SPARK_HOME's jars, its output in logs/{name}.log. */
    private Process launch(String name, List<String> extraFlags, String mainClass, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Small heaps and C1 only: these daemons only pass messages, and on 2 cores they should
        // start fast and leave the CPU to the executors.
        command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmFlags);
        command.addAll(extraFlags);
        command.add("-cp");
        command.add(sparkHome.resolve("jars") + File.separator + "*");
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".log").toFile());
        Map<String, String> env = builder.environment();
        // Nothing from a Spark installation of this machine (SPARK_CONF_DIR, SPARK_WORKER_OPTS...).
        env.keySet().removeIf(k -> k.startsWith("SPARK_") || k.startsWith("PYSPARK_"));
        // A worker builds each executor's command with Spark's launcher: class path
        // $SPARK_HOME/jars/*, java from $JAVA_HOME. The launcher also insists on the Scala version,
        // which a distribution's scripts set (else it looks for a source tree's build directories).
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_CONF_DIR", sparkHome.resolve("conf").toString());
        env.put("SPARK_LOCAL_IP", LOOPBACK);
        env.put("SPARK_LOCAL_DIRS", Files.createDirectories(root.resolve("local")).toString());
        synchronized (lock) {
            if (stopped) {
                throw new IllegalStateException("the cluster is stopped");
            }
            Process process = builder.start();
            daemons.add(new Daemon(name, process));
            return process;
        }
    }

    /**
     * Polls {@code condition} until it holds; fails after {@link #START_TIMEOUT}, and at once when
     * a daemon has exited.
     */
    private void awaitCondition(String what, BooleanSupplier condition) {
        awaitCondition(what, condition, true);
    }

    private void awaitCondition(String what, BooleanSupplier condition, boolean daemonsMustLive) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        long pause = 20;
        while (!condition.getAsBoolean()) {
            if (daemonsMustLive) {
                for (Daemon daemon : daemons()) {
                    if (!daemon.process().isAlive()) {
                        throw new IllegalStateException("waiting for " + what + ": the " + daemon.name()
                                + " exited with status " + daemon.process().exitValue() + "\n" + logTails());
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + what + " after " + START_TIMEOUT.toSeconds() + " s\n"
                        + logTails());
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what, e);
            }
            pause = Math.min(pause * 2, 250);
        }
    }

    private static Optional<JsonNode> masterState(URI json) {
        try {
            HttpURLConnection connection = (HttpURLConnection) json.toURL().openConnection();
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(5000);
            try (InputStream in = connection.getInputStream()) {
                return Optional.of(new ObjectMapper().readTree(in));
            } finally {
                connection.disconnect();
            }
        } catch (IOException notUp) {
            return Optional.empty();
        }
    }

    private List<Daemon> daemons() {
        synchronized (lock) {
            return new ArrayList<>(daemons);
        }
    }

    private List<ProcessHandle> executors() {
        return daemons().stream().flatMap(d -> d.process().descendants())
                .filter(p -> p.isAlive()
                        && p.info().arguments().map(a -> List.of(a).contains(EXECUTOR_MAIN)).orElse(false))
                .collect(Collectors.toList());
    }

    /**
     * Kills the daemons and their descendants (the executors), then any JVM left whose command line
     * names this cluster's directory (one a worker started as it was being killed), and deletes the
     * directory. Does its work once, from close() or the shutdown hook.
     */
    private void stopProcessesAndDelete() {
        List<ProcessHandle> victims = new ArrayList<>();
        synchronized (lock) {
            if (stopped) {
                return;
            }
            stopped = true;
            // Descendants are listed before their parent dies: an orphan leaves the tree.
            for (Daemon daemon : daemons) {
                daemon.process().descendants().forEach(victims::add);
                victims.add(daemon.process().toHandle());
            }
        }
        String mark = root.toString();
        ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid()
                        && p.info().command().map(c -> c.endsWith(File.separator + "java")).orElse(false)
                        && p.info().commandLine().map(c -> c.contains(mark)).orElse(false))
                .forEach(victims::add);
        victims.forEach(ProcessHandle::destroyForcibly);
        try {
            CompletableFuture.allOf(victims.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("StandaloneCluster: still running after " + STOP_TIMEOUT.toSeconds() + " s: "
                    + victims.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                            .collect(Collectors.toList()));
        }
        deleteRecursively(root);
    }

    /** Stops the JVM's active SparkContext, whoever made it: one per JVM. */
    private static void stopActiveSession() {
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
        SparkSession.getDefaultSession().foreach(s -> {
            s.stop();
            return null;
        });
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
    }

    /**
     * The test JVM's module flags (surefire's argLine: --add-modules jdk.incubator.vector, Spark's
     * --add-opens) and -D options, for the cluster's JVMs: the pom's list is the one list. The JVM
     * reports each flag as one word (--add-opens=...).
     */
    private static List<String> moduleFlagsOfThisJvm() {
        List<String> flags = new ArrayList<>();
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("--enable-native-access")
                    || arg.equals("-XX:+IgnoreUnrecognizedVMOptions") || arg.startsWith("-D")) {
                flags.add(arg);
            }
        }
        if (!flags.contains("--add-modules=jdk.incubator.vector")) {
            // Run without surefire's argLine (an IDE): the library needs this one anyway.
            flags.add("--add-modules=jdk.incubator.vector");
        }
        return flags;
    }

    /** Spark splits extraJavaOptions as a shell would: quote what holds a space or a quote. */
    private static List<String> quoted(List<String> args) {
        return args.stream().map(a -> a.matches("[^\\s'\"\\\\]*") ? a : "'" + a.replace("'", "'\\''") + "'")
                .collect(Collectors.toList());
    }

    private static String argument(List<String> args, String name) {
        int i = args.indexOf(name);
        if (i < 0 || i + 1 >= args.size()) {
            throw new IllegalStateException("no " + name + " in the executor's command " + args);
        }
        return args.get(i + 1);
    }

    private static void packDirectory(Path directory, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file);
                Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
                out.putNextEntry(new JarEntry(directory.relativize(path).toString().replace(File.separatorChar, '/')));
                Files.copy(path, out);
                out.closeEntry();
            }
        }
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        } catch (Exception e) {
            throw new IllegalStateException("cannot locate the jar of " + type, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        }
    }

    private static boolean isLog(Path path) {
        String name = path.getFileName().toString();
        return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
                && (name.endsWith(".log") || name.equals("stderr") || name.equals("stdout"));
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            // walkFileTree does not follow links: the links to the jars go, the jars stay.
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("StandaloneCluster: could not delete " + dir + ": " + e);
        }
    }

    private record Daemon(String name, Process process) {
    }

    /** An executor {@link #killOneExecutor} killed: its application and its id there. */
    private record Killed(String app, String executorId) {
    }

    /** The executors a driver has dropped; the listener bus calls it on a thread of its own. */
    private static final class RemovedExecutors extends SparkListener {
        final Set<String> ids = ConcurrentHashMap.newKeySet();

        @Override
        public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
            ids.add(removed.executorId());
        }
    }
}
