package dev.tenancy.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Requests released at the same instant, for races (two tabs refreshing one token, a network retry, the same token
 * sent to two cluster nodes): every request waits on one latch on its own thread until all are ready.
 */
public final class Burst {

    private Burst() {}

    /**
     * Runs {@code count} requests together and returns their results in request order.
     *
     * @param request the i-th request (0-based), e.g. {@code i -> () -> realm.refreshGrant(client, token)}
     */
    public static <T> List<T> of(int count, IntFunction<Callable<T>> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch ready = new CountDownLatch(count);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Callable<T> call = request.apply(i);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.call();
                }));
            }
            ready.await();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
