/*
 * The pipe's access list names this process's user alone: the default one lets every local user read it, where
 * the Linux modules make their objects 0600.
 */
#include "npipe_link.h"
#include "../common/pb_error.h"

int npipe_owner_only_init(npipe_owner_only *s) {
    HANDLE token;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) {
        return pb_fail_win32(PB_ERR_IO, GetLastError(), "OpenProcessToken");
    }
    DWORD size = sizeof s->token;
    BOOL ok = GetTokenInformation(token, TokenUser, &s->token, size, &size);
    DWORD err = GetLastError();
    CloseHandle(token);
    if (!ok) {
        return pb_fail_win32(PB_ERR_IO, err, "GetTokenInformation(TokenUser)");
    }
    if (!InitializeAcl(&s->dacl.acl, sizeof s->dacl, ACL_REVISION)
        || !AddAccessAllowedAce(&s->dacl.acl, ACL_REVISION, GENERIC_ALL, s->token.user.User.Sid)
        || !InitializeSecurityDescriptor(&s->descriptor, SECURITY_DESCRIPTOR_REVISION)
        || !SetSecurityDescriptorDacl(&s->descriptor, TRUE, &s->dacl.acl, FALSE)) {
        return pb_fail_win32(PB_ERR_IO, GetLastError(), "building the pipe's access list");
    }
    s->attributes.nLength = sizeof s->attributes;
    s->attributes.lpSecurityDescriptor = &s->descriptor;
    s->attributes.bInheritHandle = FALSE;
    return PB_OK;
}
