package dev.patchbay.host.template;

/** A project that cannot be generated as asked; the message is one line a user can act on. */
public final class TemplateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TemplateException(String message) {
        super(message);
    }
}
