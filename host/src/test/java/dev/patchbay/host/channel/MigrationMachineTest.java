package dev.patchbay.host.channel;

import dev.patchbay.api.PeerClosedException;
import dev.patchbay.host.Patchbay;
import dev.patchbay.host.channel.ChannelFrame.Kind;
import dev.patchbay.host.channel.MigrationAction.CloseLink;
import dev.patchbay.host.channel.MigrationAction.Closed;
import dev.patchbay.host.channel.MigrationAction.Commit;
import dev.patchbay.host.channel.MigrationAction.Ended;
import dev.patchbay.host.channel.MigrationAction.Fail;
import dev.patchbay.host.channel.MigrationAction.FallBackWriter;
import dev.patchbay.host.channel.MigrationAction.MoveWriter;
import dev.patchbay.host.channel.MigrationAction.Resend;
import dev.patchbay.host.channel.MigrationAction.SendControl;
import dev.patchbay.host.channel.MigrationAction.Signal;
import dev.patchbay.host.channel.MigrationAction.Step;
import dev.patchbay.host.channel.MigrationAction.WakeSenders;
import dev.patchbay.host.testing.PeerHosts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The migration state machine on its own: events in, actions out. The legs are real fifo links between two hosts;
 * the machine only names them in its actions, it never writes to them, so each transition can be checked as the
 * list of actions it returns, including orders of events that are hard to make happen on purpose.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MigrationMachineTest {
    @TempDir
    static Path dir;

    private static Patchbay a;
    private static Patchbay b;
    private static ChannelPair oldPair;
    private static ChannelPair newPair;

    private final Leg oldLeg = new Leg(oldPair.listener().link(), oldPair.listener().transport());
    private final Leg newLeg = new Leg(newPair.listener().link(), newPair.listener().transport());
    private final MigrationMachine machine = new MigrationMachine(oldLeg);

    @BeforeAll
    static void openLinks() throws Exception {
        Path plugins = PeerHosts.pluginsCopy(dir.resolve("plugins"));
        a = Patchbay.start(plugins);
        b = Patchbay.start(plugins);
        long pid = ProcessHandle.current().pid();
        oldPair = ChannelPair.open(a, b, "fifo:machine-old-" + pid);
        newPair = ChannelPair.open(a, b, "fifo:machine-new-" + pid);
    }

    @AfterAll
    static void close() {
        a.close();
        b.close();
    }

    @Test
    void anInitiatedMigrationWalksPrepareSwitchProbationCommit() {
        Migration m = machine.begin(newLeg.transport(), "fifo:new", "c1");
        assertThat(machine.state()).isEqualTo(ChannelState.PREPARING);
        assertThat(machine.onReady(m.id)).containsExactly(new Signal(m, Step.READY));

        assertThat(machine.switchWriter(m, newLeg)).containsExactly(new MoveWriter(m, newLeg.link()));
        assertThat(machine.state()).isEqualTo(ChannelState.SWITCHING);
        assertThat(machine.active()).isEqualTo(newLeg);
        assertThat(machine.readLink()).as("the old link is read until the peer's SWITCH").isSameAs(oldLeg.link());

        assertThat(machine.onSwitch(m.id, "c1")).containsExactly(new Signal(m, Step.PEER_SWITCHED));
        assertThat(machine.state()).isEqualTo(ChannelState.PROBATION);
        assertThat(machine.readLink()).isSameAs(newLeg.link());
        assertThat(machine.onProbation()).isSameAs(m);

        assertThat(machine.finishCommit(m)).containsExactly(new Commit(m, oldLeg.link()));
        assertThat(machine.state()).isEqualTo(ChannelState.OPEN);
        assertThat(machine.transportsInUse()).containsExactly(newLeg.transport());
    }

    @Test
    void framesForAnotherMigrationChangeNothing() {
        Migration m = machine.begin(newLeg.transport(), "fifo:new", "c1");
        machine.switchWriter(m, newLeg);
        assertThat(machine.onSwitch(m.id + 1, "c1")).isEmpty();
        assertThat(machine.onReady(m.id + 1)).isEmpty();
        assertThat(machine.onCommit(m.id + 1)).isEmpty();
        assertThat(machine.onResume(m.id + 1, 0, "")).as("a stray RESUME still falls back: the peer says it did")
                .doesNotHaveAnyElementsOfTypes(Resend.class);
    }

    @Test
    void aBusyChannelRefusesASecondMigration() {
        machine.begin(newLeg.transport(), "fifo:new", "c1");
        assertThatThrownBy(() -> machine.begin(newLeg.transport(), "fifo:new", "c1"))
                .isInstanceOf(MigrationException.class).hasMessageContaining("busy: PREPARING");
        assertThat(machine.beginPeer(7, "fifo:other")).as("nor may the peer start one").isNull();
    }

    @Test
    void theTargetGenerationIsInUseFromItsChoiceUntilTheMigrationEnds() {
        Migration m = machine.beginPeer(3, "fifo:new");
        assertThat(machine.transportsInUse()).containsExactly(oldLeg.transport());
        machine.targetChosen(m, newPair.connector().transport());
        assertThat(machine.transportsInUse()).contains(newPair.connector().transport());
        assertThat(machine.endPeer(m, "the initiator gave up")).containsExactly(
                new Ended(m, MigrationOutcome.ABORTED, "the initiator gave up"));
        assertThat(machine.transportsInUse()).containsExactly(oldLeg.transport());
    }

    @Test
    void aPeerSwitchWithoutAHeldLinkIsAProtocolError() {
        Migration m = machine.beginPeer(3, "fifo:new");
        assertThatThrownBy(() -> machine.onSwitch(m.id, "c1")).isInstanceOf(ChannelException.class)
                .hasMessageContaining("holds no new link");
    }

    @Test
    void thePeerSideSwitchesSecondAndCommitsWhenAsked() {
        Migration m = machine.beginPeer(3, "fifo:new");
        assertThat(machine.holdPending(m, newLeg)).isTrue();
        assertThat(machine.onSwitch(m.id, "c1")).containsExactly(new MoveWriter(m, newLeg.link()));
        assertThat(machine.state()).isEqualTo(ChannelState.SWITCHING);
        machine.switchSent(m);
        assertThat(machine.state()).isEqualTo(ChannelState.PROBATION);
        List<MigrationAction> commit = machine.onCommit(m.id);
        assertThat(commit).containsExactly(new SendControl(Kind.COMMIT, m.id, null, false),
                new MigrationAction.FinishCommit(m));
        assertThat(machine.state()).as("not committed before the answer went out").isEqualTo(ChannelState.PROBATION);
        assertThat(machine.finishCommit(m)).containsExactly(new Commit(m, oldLeg.link()),
                new Ended(m, MigrationOutcome.COMMITTED, ""));
    }

    @Test
    void aFallBackClosesTheNewLinkAndResendsOnTheOld() {
        Migration m = machine.begin(newLeg.transport(), "fifo:new", "c1");
        machine.switchWriter(m, newLeg);
        machine.onSwitch(m.id, "c1");
        assertThat(machine.fallBack("the new link failed")).containsExactly(new CloseLink(newLeg.link()),
                new FallBackWriter(m, oldLeg.link(), "the new link failed"), new Fail(m, "the new link failed"));
        assertThat(machine.state()).isEqualTo(ChannelState.FALLING_BACK);
        assertThat(machine.readLink()).isSameAs(oldLeg.link());
        assertThat(machine.fallBack("again")).as("a second failure while falling back").isEmpty();

        assertThat(machine.onResume(m.id, 42, "")).containsExactly(new Resend(m, 42, "the peer fell back"));
        assertThat(machine.resumed(m, "the peer fell back")).containsExactly(new Signal(m, Step.FELL_BACK),
                new CloseLink(newLeg.link()));
        assertThat(machine.state()).isEqualTo(ChannelState.OPEN);
        assertThat(machine.active()).isEqualTo(oldLeg);
    }

    @Test
    void aPeerThatFellBackFirstMakesUsFallBackBeforeResending() {
        Migration m = machine.beginPeer(5, "fifo:new");
        machine.holdPending(m, newLeg);
        machine.onSwitch(m.id, "c1");
        machine.switchSent(m);
        assertThat(machine.onResume(m.id, 9, "sending failed")).containsExactly(new CloseLink(newLeg.link()),
                new FallBackWriter(m, oldLeg.link(), "the peer fell back: sending failed"),
                new Fail(m, "the peer fell back: sending failed"), new Resend(m, 9, "the peer fell back: sending failed"));
    }

    @Test
    void closeWhileFallingBackWakesEveryWaiterAndIsNotUndoneByTheResume() {
        Migration m = machine.begin(newLeg.transport(), "fifo:new", "c1");
        machine.switchWriter(m, newLeg);
        machine.onSwitch(m.id, "c1");
        machine.fallBack("cancelled");

        List<MigrationAction> close = machine.close();
        assertThat(close).contains(new Fail(m, "channel closed"), new Signal(m, Step.FELL_BACK_CLOSED),
                new CloseLink(newLeg.link()), new CloseLink(oldLeg.link()), new WakeSenders(), new Closed());
        assertThat(machine.close()).as("closed once").doesNotContain(new Closed());

        // A RESUME read just before the close ends its resend after it: the channel stays closed.
        machine.resumed(m, "the peer fell back");
        assertThat(machine.state()).isEqualTo(ChannelState.CLOSED);
    }

    @Test
    void cancellingThePeerSideRefusesOnlyWhileItsLinkIsStillOpening() {
        Migration opening = machine.beginPeer(3, "fifo:new");
        assertThat(machine.cancel()).containsExactly(
                new SendControl(Kind.REFUSE, 3, "the migration was cancelled on the peer", true),
                new Ended(opening, MigrationOutcome.ABORTED, "cancelled"));
        assertThat(machine.holdPending(opening, newLeg)).as("a link that opens after the cancel is not kept")
                .isFalse();

        Migration ready = machine.beginPeer(4, "fifo:new");
        machine.holdPending(ready, newLeg);
        assertThat(machine.cancel()).as("READY is out: the initiator leads").isEmpty();
        assertThat(machine.state()).isEqualTo(ChannelState.PREPARING);
    }

    @Test
    void theFirstCauseOfABreakIsKept() {
        PeerClosedException first = new PeerClosedException("the peer died");
        assertThat(machine.breakWith(first)).isTrue();
        assertThat(machine.breakWith(new PeerClosedException("later"))).isFalse();
        assertThat(machine.broken()).isSameAs(first);
        assertThat(machine.settled()).isFalse();
    }
}
