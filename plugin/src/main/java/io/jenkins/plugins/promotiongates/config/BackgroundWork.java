package io.jenkins.plugins.promotiongates.config;

import hudson.security.ACL;
import hudson.security.ACLContext;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The plugin's own threads for blocking work (hashing on agents, verification, store reads and writes): a bounded
 * pool, never core's shared {@code jenkins.util.Timer} (10 threads for all of Jenkins, running as SYSTEM). Each task
 * runs as the authentication of the thread that handed it over (for a step: the run's authentication on the CPS VM
 * thread), the way workflow-step-api's {@code SynchronousNonBlockingStepExecution} wraps its work in
 * {@code ACL.as2(Jenkins.getAuthentication2())}. When the queue is full a task is refused
 * ({@link java.util.concurrent.RejectedExecutionException}), so the caller fails its step instead of waiting unseen.
 * Threads use the plugin's class loader as context class loader, so that libraries that look classes up through it
 * (JDBC, ServiceLoader) see the plugin's jars. Closed by {@link PromotionGatesConfiguration#shutdown()}.
 */
public final class BackgroundWork implements Executor, AutoCloseable {
    private final ThreadPoolExecutor pool;
    private final ScheduledThreadPoolExecutor timer;

    public BackgroundWork(int threads, int queueCapacity) {
        ThreadFactory factory = named("promotion-gates-worker-");
        pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueCapacity),
                factory, new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        timer = new ScheduledThreadPoolExecutor(1, named("promotion-gates-poller-"));
        timer.setRemoveOnCancelPolicy(true);
    }

    /** The default pool: 4 threads, 256 queued tasks. */
    static BackgroundWork standard() {
        return new BackgroundWork(4, 256);
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        ClassLoader pluginLoader = BackgroundWork.class.getClassLoader();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setContextClassLoader(pluginLoader);
            return thread;
        };
    }

    /** Runs the task on the pool as the calling thread's authentication. */
    @Override
    public void execute(Runnable task) {
        pool.execute(as(Jenkins.getAuthentication2(), task));
    }

    /** Polls on the plugin's timer; each check runs on the pool as the authentication of the thread that asked. */
    public Poller poller() {
        return (period, check) -> {
            Runnable asCaller = as(Jenkins.getAuthentication2(), check);
            ScheduledFuture<?> future = timer.scheduleWithFixedDelay(() -> {
                try {
                    pool.execute(asCaller);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // busy or closed: the next period tries again
                }
            }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
            return () -> future.cancel(false);
        };
    }

    @SuppressWarnings("try") // the context is held for its effect (upstream's ACL.as2 idiom), not referenced
    private static Runnable as(Authentication authentication, Runnable task) {
        return () -> {
            try (ACLContext ignored = ACL.as2(authentication)) {
                task.run();
            }
        };
    }

    /** Stops taking work and waits briefly for running tasks (store writes) to finish. */
    @Override
    public void close() {
        timer.shutdownNow();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
