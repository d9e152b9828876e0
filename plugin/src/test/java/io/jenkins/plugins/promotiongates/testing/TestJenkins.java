package io.jenkins.plugins.promotiongates.testing;

import com.google.common.util.concurrent.ListenableFuture;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Action;
import hudson.model.Cause;
import hudson.model.Job;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.User;
import hudson.scm.ChangeLogSet;
import hudson.security.Permission;
import io.jenkins.plugins.promotiongates.config.PromotionGatesRuntime;
import io.jenkins.plugins.promotiongates.util.AccessChecks;
import jenkins.scm.RunWithSCM;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.StepContext;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Test doubles for the Jenkins side: run, job, listener, step context and access checks. */
public final class TestJenkins {
    private TestJenkins() {
    }

    /** A job that only exists to parameterize {@link FakeRun}. */
    public static final class FakeJob extends Job<FakeJob, FakeRun> {
        FakeJob() {
            super(null, "shop");
        }
    }

    /**
     * A run of job {@code shop}, number 42, that keeps its actions, its causes and its change sets. As upstream
     * {@code WorkflowRun}, it is a {@code RunWithSCM}: {@code getChangeSets()} lists the change logs of the run's
     * checkouts (empty when nothing was checked out). The default run was started by the user {@value #STARTER}.
     */
    public static final class FakeRun extends Run<FakeJob, FakeRun> implements RunWithSCM<FakeJob, FakeRun> {
        /** Who starts {@link #FakeRun()}: a person who approves nothing in these tests. */
        public static final String STARTER = "paul";
        public final List<Action> actions = new ArrayList<>();
        /** As upstream's {@code CauseAction}: the causes recorded when the run was queued, in order. */
        public final List<Cause> causes = new ArrayList<>();
        /** As upstream's {@code WorkflowRun.changeSets}: one change log per checkout. */
        public final List<ChangeLogSet<? extends ChangeLogSet.Entry>> changeSets = new ArrayList<>();
        private final String number;

        public FakeRun() throws IOException {
            this("42", STARTER);
        }

        /** @param startedBy the user who started the run ({@code Cause.UserIdCause}), or {@code null}: no cause yet */
        public FakeRun(String number, @CheckForNull String startedBy) throws IOException {
            super(new FakeJob());
            this.number = number;
            if (startedBy != null) {
                causes.add(userCause(startedBy));
            }
        }

        /** This run with commits by these authors (one change log, one entry each). */
        public FakeRun authoredBy(String... authors) {
            changeSets.add(changeLog(this, authors));
            return this;
        }

        @Override
        public String getExternalizableId() {
            return "shop#" + number;
        }

        @Override
        public String getId() {
            return number;
        }

        /** As upstream {@code Run.getCause}: the first recorded cause of that type, or {@code null}. */
        @Override
        public <T extends Cause> T getCause(Class<T> type) {
            return causes.stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
        }

        /** As upstream {@code Run.getCauses}: a copy of the recorded causes (empty without a {@code CauseAction}). */
        @Override
        public List<Cause> getCauses() {
            return List.copyOf(causes);
        }

        /** As upstream {@code WorkflowRun.getChangeSets}: a copy of the change logs. */
        @Override
        public List<ChangeLogSet<? extends ChangeLogSet.Entry>> getChangeSets() {
            return List.copyOf(changeSets);
        }

        /** As upstream {@code Actionable.addOrReplaceAction}: actions of the same class are replaced. */
        @Override
        public boolean addOrReplaceAction(Action a) {
            actions.removeIf(existing -> existing.getClass() == a.getClass());
            addAction(a);
            return true;
        }

        /** As upstream {@code Run.addAction}: a {@code RunAction2} learns its run. */
        @Override
        public void addAction(Action a) {
            actions.add(a);
            if (a instanceof jenkins.model.RunAction2 attached) {
                attached.onAttached(this);
            }
        }

        @Override
        public boolean removeAction(Action a) {
            return actions.remove(a);
        }

        @Override
        public <T extends Action> List<T> getActions(Class<T> type) {
            return actions.stream().filter(type::isInstance).map(type::cast).toList();
        }

        @Override
        public <T extends Action> T getAction(Class<T> type) {
            return actions.stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
        }

        @Override
        public int compareTo(FakeRun o) {
            return 0;
        }
    }

    /** As upstream {@code Cause.UserIdCause}: names the user who started the run. */
    public static Cause userCause(String userId) {
        return new Cause.UserIdCause(userId) {
            @Override
            public String getUserId() {
                return userId;
            }
        };
    }

    /**
     * As upstream {@code TimerTrigger.TimerTriggerCause} (and {@code SCMTrigger.SCMTriggerCause}, which are in
     * {@code hudson.triggers}, a package the stubs do not cover): a cause that names no user.
     */
    public static Cause timerCause() {
        return new Cause() {
            @Override
            public String getShortDescription() {
                return "Started by timer";
            }
        };
    }

    /**
     * As upstream {@code Cause.UpstreamCause}: {@code getUpstreamRun()} finds the triggering run by job and number,
     * {@code null} once it was deleted.
     */
    public static Cause upstreamCause(@CheckForNull Run<?, ?> upstream) {
        return new Cause.UpstreamCause(upstream) {
            @Override
            public Run<?, ?> getUpstreamRun() {
                return upstream;
            }
        };
    }

    /**
     * A change log with one entry per author. As upstream (e.g. git's {@code GitChangeSet.getAuthor()}, which
     * resolves the commit's author to a Jenkins {@code User}), {@code getAuthor()} returns a user whose id is the
     * author's; {@code null} stands for an entry whose author could not be resolved. Upstream {@code User} has no
     * public constructor (users come from {@code User.getById}); the double subclasses the stub's implicit one.
     */
    public static ChangeLogSet<ChangeLogSet.Entry> changeLog(Run<?, ?> run, @CheckForNull String... authors) {
        List<ChangeLogSet.Entry> entries = new ArrayList<>();
        for (String author : authors) {
            entries.add(new ChangeLogSet.Entry() {
                @Override
                public String getMsg() {
                    return "change by " + author;
                }

                @Override
                public User getAuthor() {
                    return author == null ? null : new User() {
                        @Override
                        public String getId() {
                            return author;
                        }
                    };
                }

                @Override
                public java.util.Collection<String> getAffectedPaths() {
                    return List.of("src/main/java/App.java");
                }
            });
        }
        return new ChangeLogSet<>(run, null) {
            @Override
            public boolean isEmptySet() {
                return entries.isEmpty();
            }

            @Override
            public java.util.Iterator<ChangeLogSet.Entry> iterator() {
                return List.copyOf(entries).iterator();
            }
        };
    }

    /**
     * Records what a block step hands to its body. As upstream {@code CpsBodyInvoker}, nothing runs until
     * {@link #start()}; the body's end is signalled by calling the recorded callback.
     */
    public static final class RecordingBody extends BodyInvoker {
        public final List<Object> contexts = new ArrayList<>();
        private final Object owner;

        RecordingBody(Object owner) {
            this.owner = owner;
        }
        public org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback callback;
        public boolean started;

        @Override
        public BodyInvoker withContext(Object override) {
            contexts.add(override);
            return this;
        }

        @Override
        public BodyInvoker withContexts(Object... overrides) {
            for (Object o : overrides) {
                withContext(o);
            }
            return this;
        }

        @Override
        public BodyInvoker withCallback(org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback c) {
            callback = c;
            return this;
        }

        @Override
        public org.jenkinsci.plugins.workflow.steps.BodyExecution start() {
            synchronized (owner) {
                started = true;
                owner.notifyAll();
            }
            return null;
        }
    }

    /** A listener that keeps the log. */
    @SuppressWarnings("serial") // a test double, never serialized
    public static final class Log implements TaskListener {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        @Override
        public PrintStream getLogger() {
            return stream;
        }

        public String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** Records onSuccess/onFailure and supplies Run, TaskListener, FilePath and EnvVars. */
    @SuppressWarnings("serial") // a test double, never serialized
    public static final class RecordingContext extends StepContext {
        public final FakeRun run;
        public final Log log = new Log();
        @CheckForNull
        public final transient FilePath workspace;
        public Object result;
        public Throwable failure;
        public int completions;

        public RecordingContext(FakeRun run, @CheckForNull File workspace) {
            this.run = run;
            this.workspace = workspace == null ? null : new FilePath(workspace);
        }

        /**
         * As upstream {@code CpsStepContext.get}: the run, listener and workspace of the step; null for a context
         * nobody provided (no outer {@code EnvironmentExpander}, {@code ConsoleLogFilter} or {@code FailureHandler}).
         */
        @Override
        public <T> T get(Class<T> key) {
            if (key == Run.class) {
                return key.cast(run);
            }
            if (key == TaskListener.class) {
                return key.cast(log);
            }
            if (key == FilePath.class) {
                return key.cast(workspace);
            }
            if (key == EnvVars.class) {
                return key.cast(new EnvVars());
            }
            return null;
        }

        @Override
        public synchronized void onSuccess(Object value) {
            completions++;
            result = value;
            notifyAll();
        }

        @Override
        public synchronized void onFailure(Throwable t) {
            completions++;
            failure = t;
            notifyAll();
        }

        /**
         * Waits until the step ended or started its body: steps that follow upstream's
         * {@code GeneralNonBlockingStepExecution} do their work on another thread, as in Jenkins.
         */
        public synchronized void awaitOutcome() {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
            while (completions == 0 && (body == null || !body.started)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the step neither ended nor started its body");
                }
                try {
                    java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }

        /** Waits until the step ended (after its body, for a block step). */
        public synchronized void awaitCompletion() {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
            while (completions == 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the step did not end");
                }
                try {
                    java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }

        @Override
        public synchronized boolean isReady() {
            return completions > 0;
        }

        @Override
        public ListenableFuture<Void> saveState() {
            return null;
        }

        @Override
        public void setResult(hudson.model.Result r) {
            throw new UnsupportedOperationException("not used by the plugin");
        }

        /** The body the step started, if any. */
        @CheckForNull
        public RecordingBody body;

        @Override
        public synchronized BodyInvoker newBodyInvoker() {
            body = new RecordingBody(this);
            notifyAll();
            return body;
        }

        @Override
        public boolean equals(Object o) {
            return o == this;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /** Access checks with a settable user and permissions (compared by identity; the stubs' permissions are placeholders). */
    public static final class FakeAccess implements AccessChecks {
        public String user = "alice";
        public final Set<Permission> granted = new HashSet<>();
        public boolean grantAll;
        public Set<String> groups = Set.of("release-managers");
        /** Jobs (full names) the current user may not read. */
        public final Set<String> unreadableJobs = new HashSet<>();

        @Override
        public boolean hasPermission(Permission permission) {
            return grantAll || granted.contains(permission);
        }

        /**
         * As upstream: {@code Jenkins.getItemByFullName} returns {@code null} for an item the caller may not read
         * (core/src/main/java/jenkins/model/Jenkins.java), so a hidden job grants nothing; otherwise the job inherits
         * the root's grants (the matrix and project-matrix strategies' inheritance), and Item/Read is granted, as the
         * usual "authenticated may read jobs" matrix does. The stubs' permission constants are all {@code null}, so
         * {@code Item.READ} is told apart only by being asked on a job.
         */
        @Override
        public boolean hasPermission(String job, Permission permission) {
            if (unreadableJobs.contains(job)) {
                return false;
            }
            return permission == hudson.model.Item.READ || hasPermission(permission);
        }

        @Override
        public String currentUserId() {
            return user;
        }

        @Override
        public Set<String> currentUserGroups() {
            return groups;
        }
    }

    /** A poller whose checks the test runs by hand ({@link #tick()}); closed handles stop. */
    public static final class ManualPoller implements io.jenkins.plugins.promotiongates.config.Poller {
        public final List<Runnable> active = new ArrayList<>();

        @Override
        public AutoCloseable every(java.time.Duration period, Runnable check) {
            active.add(check);
            return () -> active.remove(check);
        }

        public void tick() {
            List.copyOf(active).forEach(Runnable::run);
        }
    }

    /**
     * A runtime that runs background work inline and resumes gates through the given hook. Kinder than Jenkins on
     * purpose and only for the decision logic: the work runs on the caller's thread as the caller's authentication;
     * the plugin's real pool (its own threads, the run's authentication, bounded queue) is exercised by
     * {@code steps.GateExecutionTest}, and {@code withPromotionCredentials} always runs on the stub's
     * {@code GeneralNonBlockingStepExecution} pool as upstream.
     */
    public static PromotionGatesRuntime runtime(FakeService service, FakeAccess access,
            io.jenkins.plugins.promotiongates.approval.WaitingGates waiting) {
        return runtime(service, access, waiting, new ManualPoller());
    }

    public static PromotionGatesRuntime runtime(io.jenkins.plugins.promotiongates.engine.service.PromotionService service,
            FakeAccess access, io.jenkins.plugins.promotiongates.approval.WaitingGates waiting, ManualPoller poller) {
        return new PromotionGatesRuntime(service, Runnable::run, waiting, access, poller);
    }

    /**
     * An authenticated user as Spring Security holds it (what {@code Jenkins.getAuthentication2()} returns on a
     * thread that runs as that user); its authorities are the given groups.
     */
    public static org.springframework.security.core.Authentication authentication(String name, String... groups) {
        return new org.springframework.security.core.Authentication() {
            private static final long serialVersionUID = 1L;

            @Override
            public java.util.Collection<? extends org.springframework.security.core.GrantedAuthority> getAuthorities() {
                return java.util.Arrays.stream(groups)
                        .map(g -> (org.springframework.security.core.GrantedAuthority) () -> g).toList();
            }

            @Override
            public Object getCredentials() {
                return null;
            }

            @Override
            public Object getDetails() {
                return null;
            }

            @Override
            public Object getPrincipal() {
                return name;
            }

            @Override
            public boolean isAuthenticated() {
                return true;
            }

            @Override
            public void setAuthenticated(boolean authenticated) {
            }

            @Override
            public String getName() {
                return name;
            }
        };
    }

    /**
     * The security realm and authorization strategy as {@code JenkinsApproverDirectory} asks them, imitating upstream:
     * <ul>
     * <li>a user the realm does not know throws {@code UsernameNotFoundException}: upstream {@code User.getById(id,
     * false)} returns {@code null} for a user without a record, and {@code User.impersonate2()} asks the realm's
     * {@code loadUserByUsername2}, which throws for a user it no longer knows (core/src/main/java/hudson/model/User.java,
     * core/src/main/java/hudson/security/SecurityRealm.java);</li>
     * <li>the authentication carries the realm's groups now plus the pseudo-authority {@code authenticated}, as
     * upstream {@code User.impersonate2} builds it (core/src/main/java/hudson/model/User.java,
     * {@code SecurityRealm.AUTHENTICATED_AUTHORITY2}); the double models a realm that can look users up (a realm that
     * cannot makes upstream fall back to the groups of the last login, {@code LastGrantedAuthoritiesProperty});</li>
     * <li>the Approve permission is granted per user and job, as the project-matrix strategy does, and denied on a job
     * that does not exist ({@code Jenkins.getItemByFullName} returns {@code null},
     * core/src/main/java/jenkins/model/Jenkins.java).</li>
     * </ul>
     */
    public static final class FakeRealm implements io.jenkins.plugins.promotiongates.util.ApproverRealm {
        /** The users the realm knows, with their groups now. */
        public final java.util.Map<String, Set<String>> groupsByUser = new java.util.HashMap<>();
        /** Per user, the jobs (full names) on which they hold Promotion Gates/Approve. */
        public final java.util.Map<String, Set<String>> approveOnJobs = new java.util.HashMap<>();
        /** The jobs that exist. */
        public final Set<String> jobs = new HashSet<>(Set.of("shop"));

        /** A user in these groups who may approve on every existing job. */
        public void approver(String user, String... groups) {
            groupsByUser.put(user, Set.of(groups));
            approveOnJobs.put(user, new HashSet<>(jobs));
        }

        @Override
        public org.springframework.security.core.Authentication authenticationOf(String userId) {
            Set<String> groups = groupsByUser.get(userId);
            if (groups == null) {
                throw new org.springframework.security.core.userdetails.UsernameNotFoundException(userId);
            }
            List<String> authorities = new ArrayList<>(groups);
            authorities.add("authenticated");
            return authentication(userId, authorities.toArray(String[]::new));
        }

        @Override
        public boolean hasPermission(org.springframework.security.core.Authentication who, @CheckForNull String job,
                Permission permission) {
            if (job == null || !jobs.contains(job)) {
                return false;
            }
            return permission == io.jenkins.plugins.promotiongates.PromotionGatesPermissions.APPROVE
                    && approveOnJobs.getOrDefault(who.getName(), Set.of()).contains(job);
        }
    }
}
