package dev.tenancy.testsupport;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A tiny SMTP server on 127.0.0.1 that accepts every message (no TLS, no auth) and keeps it, so that tests can read
 * the e-mails Keycloak really sends: point a realm's SMTP settings at it ({@link #realmSmtpSettings}). Messages are
 * parsed with Jakarta Mail (Angus, as in Keycloak), so multipart, transfer encodings and headers are read properly.
 */
public final class SmtpSink implements AutoCloseable {

    private final ServerSocket server;
    private final BlockingQueue<Mail> received = new LinkedBlockingQueue<>();
    private final Thread acceptor;

    /** One received e-mail. */
    public record Mail(List<String> recipients, MimeMessage message) {

        public String subject() {
            try {
                return message.getSubject();
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The {@code text/plain} part (or the whole body when it is plain text). */
        public String text() {
            return part("text/plain");
        }

        /** The {@code text/html} part, or null. */
        public String html() {
            return part("text/html");
        }

        private String part(String type) {
            try {
                return find(message, type);
            } catch (MessagingException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private static String find(Part part, String type) throws MessagingException, IOException {
            if (part.isMimeType(type)) {
                return part.getContent().toString();
            }
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart body = multipart.getBodyPart(i);
                    String found = find(body, type);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        }
    }

    private SmtpSink(ServerSocket server) {
        this.server = server;
        this.acceptor = new Thread(this::acceptLoop, "smtp-sink-" + server.getLocalPort());
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    public static SmtpSink start() {
        try {
            return new SmtpSink(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The realm representation's {@code smtpServer} settings that send to this sink. */
    public Map<String, String> realmSmtpSettings(String from) {
        return Map.of(
                "host",
                "127.0.0.1",
                "port",
                Integer.toString(port()),
                "from",
                from,
                "fromDisplayName",
                "Tenancy tests",
                "auth",
                "false",
                "ssl",
                "false",
                "starttls",
                "false");
    }

    /** The next e-mail received, waiting at most {@code timeout}; fails when none arrives. */
    public Mail next(Duration timeout) {
        try {
            Mail mail = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (mail == null) {
                throw new AssertionError("No e-mail arrived within " + timeout.toSeconds() + " s");
            }
            return mail;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** How many received e-mails {@link #next} has not handed out yet. */
    public int waiting() {
        return received.size();
    }

    /** Forgets what was received so far. */
    public void clear() {
        received.clear();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(30_000);
                converse(socket);
            } catch (IOException e) {
                // closed, or a client went away: wait for the next one
            }
        }
    }

    private void converse(Socket socket) throws IOException {
        BufferedReader in =
                new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        OutputStream out = socket.getOutputStream();
        reply(out, "220 localhost tenancy test SMTP");
        List<String> recipients = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
            switch (command) {
                case "EHLO" -> reply(out, "250-localhost\r\n250 8BITMIME");
                case "HELO", "RSET", "NOOP" -> reply(out, "250 OK");
                case "MAIL" -> {
                    recipients.clear();
                    reply(out, "250 OK");
                }
                case "RCPT" -> {
                    recipients.add(line.replaceAll("(?i)^RCPT TO:\\s*<?([^>]*)>?.*$", "$1"));
                    reply(out, "250 OK");
                }
                case "DATA" -> {
                    reply(out, "354 End data with <CR><LF>.<CR><LF>");
                    StringBuilder data = new StringBuilder();
                    String dataLine;
                    while ((dataLine = in.readLine()) != null && !dataLine.equals(".")) {
                        data.append(dataLine.startsWith("..") ? dataLine.substring(1) : dataLine)
                                .append("\r\n");
                    }
                    try {
                        MimeMessage message = new MimeMessage(
                                Session.getInstance(new Properties()),
                                new ByteArrayInputStream(data.toString().getBytes(StandardCharsets.ISO_8859_1)));
                        received.add(new Mail(List.copyOf(recipients), message));
                    } catch (MessagingException e) {
                        throw new IOException(e);
                    }
                    reply(out, "250 OK queued");
                }
                case "QUIT" -> {
                    reply(out, "221 Bye");
                    return;
                }
                default -> reply(out, "502 Command not implemented");
            }
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }
}
