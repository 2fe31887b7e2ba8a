package dev.patchbay.transport.fifo;

import org.pf4j.Plugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The patch release's plugin class: says which patch is running when the host starts it. */
public final class FifoPatchPlugin extends Plugin {
    private static final Logger LOG = LoggerFactory.getLogger(FifoPatchPlugin.class);

    @Override
    public void start() {
        LOG.info("fifo 1.0.1 started: patch release of the fifo backend");
    }
}
