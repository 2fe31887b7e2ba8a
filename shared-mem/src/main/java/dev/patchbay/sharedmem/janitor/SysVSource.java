package dev.patchbay.sharedmem.janitor;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import dev.patchbay.sharedmem.Names;
import dev.patchbay.sharedmem.SharedMemException;
import dev.patchbay.sharedmem.posix.Errno;
import dev.patchbay.sharedmem.posix.Ipc;
import dev.patchbay.sharedmem.posix.Shm;
import dev.patchbay.sharedmem.posix.Unistd;
import dev.patchbay.sharedmem.segment.SegmentHeader;
import dev.patchbay.sharedmem.segment.SegmentHeaderDescriptor;
import dev.patchbay.sharedmem.segment.SegmentKind;
import dev.patchbay.sharedmem.segment.SysVKey;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * System V segments, from {@code /proc/sysvipc/shm}. Only segments of this user are looked at, each attached
 * read-only just long enough to read its header; a segment is listed only if the header proves it ours (our
 * magic, kind System V, a valid name, and the key derived from that name). Nothing else is listed or touched.
 */
final class SysVSource implements Source {
    private static final Path TABLE = Path.of("/proc/sysvipc/shm");

    @Override
    public List<Resource> scan() {
        List<String> lines;
        try {
            lines = Files.readAllLines(TABLE);
        } catch (IOException e) {
            return List.of();
        }
        int me = Unistd.geteuid();
        List<Resource> out = new ArrayList<>();
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            // key shmid perms size cpid lpid nattch uid gid cuid cgid atime dtime ctime rss swap
            String[] f = line.trim().split("\\s+");
            if (f.length < 8) {
                continue;
            }
            int key = (int) Long.parseLong(f[0]);
            int shmid = Integer.parseInt(f[1]);
            long size = Long.parseLong(f[3]);
            boolean candidate = key != Ipc.IPC_PRIVATE && Integer.parseInt(f[7]) == me
                    && size >= SegmentHeaderDescriptor.HEADER_LENGTH;
            if (!candidate) {
                continue;
            }
            Optional<SegmentHeader> header = readHeader(shmid);
            String name = header.map(SegmentHeader::name).orElse("");
            if (!Names.isValid(name) || SysVKey.of(name) != key) {
                continue;
            }
            Resource r = Source.segment(ResourceKind.SYSV, SegmentKind.SYSV, name, size, header,
                    "key " + SysVKey.hex(key) + ", shmid " + shmid, shmid);
            if (r.ours()) {
                out.add(r);
            }
        }
        return out;
    }

    /** Attaches read-only, copies the header, detaches. */
    static Optional<SegmentHeader> readHeader(int shmid) {
        long address;
        try {
            address = Shm.shmat(shmid, 0, Shm.SHM_RDONLY);
        } catch (LastErrorException e) {
            return Optional.empty();
        }
        try {
            ByteBuffer copy = ByteBuffer.allocate(SegmentHeaderDescriptor.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            copy.put(new Pointer(address).getByteBuffer(0, SegmentHeaderDescriptor.HEADER_LENGTH));
            return Optional.of(SegmentHeader.read(copy, 0));
        } finally {
            try {
                Shm.shmdt(address);
            } catch (LastErrorException ignored) {
                // The mapping goes with the process anyway.
            }
        }
    }

    @Override
    public void delete(Resource resource) {
        Optional<SegmentHeader> header = readHeader(resource.shmid());
        if (header.isEmpty() || !header.get().name().equals(resource.name())
                || !header.get().owner().equals(resource.owner())) {
            throw new SharedMemException("System V segment " + resource.location() + " changed; not removing it");
        }
        try {
            Shm.shmctl(resource.shmid(), Ipc.IPC_RMID, 0);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != Errno.EINVAL && e.getErrorCode() != Errno.EIDRM) {
                throw Errno.failure("shmctl(" + resource.shmid() + ", IPC_RMID)", e);
            }
        }
    }
}
