package dev.tenancy.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** The ports a server listens on: a configured one if free, else any free port of 127.0.0.1. */
final class FreePorts {

    private FreePorts() {}

    /** {@code configured} when it is free (else a clear error naming {@code property}); any free port for 0. */
    static int port(int configured, String property) {
        if (configured != 0) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress("127.0.0.1", configured));
            } catch (IOException e) {
                throw new IllegalStateException("Port " + configured + " (" + property + ") is busy: stop what uses it "
                        + "or set " + property + "=0 for a free port");
            }
            return configured;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port", e);
        }
    }
}
