package dev.tenancy.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The cluster's load balancer, as small as it gets: a TCP pass-through on 127.0.0.1 that hands each connection to the
 * next node in turn and skips a node that refuses the connection (a killed one). Its URL is the {@code --hostname}
 * of every node, so tokens name it as issuer whichever node served them, and their JWKS is reachable there.
 * Tests address nodes directly to choose one; the proxy is what an issuer URL or a login page's links lead to.
 */
final class FrontendProxy implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 1_000;

    private final ServerSocket listener;
    private final List<IntSupplier> backendPorts;
    private final AtomicInteger next = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "cluster-frontend-proxy");
        thread.setDaemon(true);
        return thread;
    });

    /** {@code backendPorts}: the nodes' HTTP ports, read at each connection (a restarted node keeps its port). */
    FrontendProxy(List<IntSupplier> backendPorts) {
        this.backendPorts = List.copyOf(backendPorts);
        try {
            listener = new ServerSocket();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the cluster's frontend port", e);
        }
        threads.execute(this::acceptLoop);
    }

    String url() {
        return "http://localhost:" + listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                threads.execute(() -> forward(client));
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void forward(Socket client) {
        Socket backend = connectToSomeNode();
        if (backend == null) {
            closeQuietly(client);
            return;
        }
        threads.execute(() -> pump(client, backend));
        pump(backend, client);
    }

    private Socket connectToSomeNode() {
        int start = Math.floorMod(next.getAndIncrement(), backendPorts.size());
        for (int i = 0; i < backendPorts.size(); i++) {
            int port = backendPorts.get((start + i) % backendPorts.size()).getAsInt();
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MILLIS);
                return socket;
            } catch (IOException e) {
                closeQuietly(socket); // node down: try the next
            }
        }
        return null;
    }

    private static void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // either side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // nothing left to do
        }
        threads.shutdownNow();
    }
}
