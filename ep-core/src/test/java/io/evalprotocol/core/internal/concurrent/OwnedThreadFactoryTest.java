package io.evalprotocol.core.internal.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OwnedThreadFactoryTest {

    @Test
    void namesDaemonThreadsInOrder() {
        OwnedThreadFactory f = new OwnedThreadFactory("ep-x");
        Thread a = f.newThread(() -> { });
        Thread b = f.newThread(() -> { });
        assertThat(List.of(a.getName(), b.getName())).containsExactly("ep-x-1", "ep-x-2");
        assertThat(a.isDaemon()).isTrue();
    }

    @Test
    void awaitEndedReturnsOnlyOnceAThreadHasEndedEvenAfterItsPoolTerminated() throws Exception {
        OwnedThreadFactory f = new OwnedThreadFactory("ep-x");
        CountDownLatch leaving = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // The worker's last act after the pool has terminated: what a thread "on its way out" still does.
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> f.newThread(() -> {
            r.run();
            leaving.countDown();
            awaitQuietly(release);
        }));
        pool.execute(() -> { });
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(leaving.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<List<String>> ended = CompletableFuture.supplyAsync(() -> {
            try {
                return f.awaitEnded(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(ended).isNotDone();
        release.countDown();
        assertThat(ended.get(10, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void awaitEndedNamesTheThreadsStillAliveWhenTimeRunsOut() throws Exception {
        OwnedThreadFactory f = new OwnedThreadFactory("ep-x");
        CountDownLatch release = new CountDownLatch(1);
        Thread stuck = f.newThread(() -> awaitQuietly(release));
        stuck.start();
        try {
            assertThat(f.awaitEnded(Duration.ofMillis(50))).containsExactly("ep-x-1");
        } finally {
            release.countDown();
        }
        assertThat(f.awaitEnded(Duration.ofSeconds(10))).isEmpty();
        assertThat(stuck.isAlive()).isFalse();
    }

    @Test
    void awaitEndedSkipsTheCallingThreadAndThreadsNeverStarted() throws Exception {
        OwnedThreadFactory f = new OwnedThreadFactory("ep-x");
        f.newThread(() -> { }); // never started: it cannot run any more, nothing to wait for
        CompletableFuture<List<String>> seenFromInside = new CompletableFuture<>();
        Thread closer = f.newThread(() -> {
            try {
                seenFromInside.complete(f.awaitEnded(Duration.ofSeconds(10)));
            } catch (Throwable t) {
                seenFromInside.completeExceptionally(t);
            }
        });
        closer.start();
        assertThat(seenFromInside.get(5, TimeUnit.SECONDS)).isEmpty();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
