package dev.patchbay.bench.harness.contender;

/** A contender whose pair is never stopped while the other pair is measured (see {@link #survivesStop()}). */
record KeptRunning(Contender contender) implements Contender {

    @Override
    public String name() {
        return contender.name();
    }

    @Override
    public String waitStrategy() {
        return contender.waitStrategy();
    }

    @Override
    public boolean busySpins() {
        return contender.busySpins();
    }

    @Override
    public PairCommands commands(SessionSpec spec) {
        return contender.commands(spec);
    }

    @Override
    public boolean survivesStop() {
        return false;
    }
}
