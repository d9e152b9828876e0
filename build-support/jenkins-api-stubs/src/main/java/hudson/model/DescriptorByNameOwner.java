package hudson.model;

/** Stub of upstream {@code hudson.model.DescriptorByNameOwner}: signatures only, see README.md. */
public interface DescriptorByNameOwner extends hudson.model.ModelObject {
}
