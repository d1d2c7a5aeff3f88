package dev.tenancy.bench;

import java.net.http.HttpResponse;

/** One side of a comparison: a label for the table and the request each worker sends over and over. */
public record Configuration(String label, Request request) {

    /** Sends one request; the bench times the call and counts a non-2xx status or an exception as an error. */
    @FunctionalInterface
    public interface Request {

        /**
         * @param worker the index (0 to workers - 1) of the calling worker; a worker sends its requests one after the
         *               other, so state kept per worker index (a user, a refresh token) needs no locking
         */
        HttpResponse<String> send(int worker) throws Exception;
    }
}
