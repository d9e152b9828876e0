package hudson.model;

/** Stub of upstream {@code hudson.model.Queue}: signatures only, see README.md. */
public class Queue extends hudson.model.ResourceController implements hudson.model.Saveable {

    public static interface Executable extends Runnable, jenkins.console.WithConsoleUrl {
    }

    public static interface FlyweightTask extends hudson.model.Queue.Task {
    }

    public static interface Task extends hudson.model.queue.SubTask, jenkins.model.FullyNamedModelObject {
    }
}
