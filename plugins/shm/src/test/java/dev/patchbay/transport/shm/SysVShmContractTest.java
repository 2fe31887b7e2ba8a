package dev.patchbay.transport.shm;

/** The contract suite over System V shared memory, with futex waiting and smaller rings (more fragments). */
class SysVShmContractTest extends ShmContractTest {

    @Override
    protected String params() {
        return "?flavor=sysv&size=256k&wait=futex";
    }
}
