/* status.c: messages for dalil_status_t, from the one X-macro list in dalil.h. */
#include "dalil.h"

const char *dalil_status_str(dalil_status_t status)
{
    static const char *const messages[] = {
#define DALIL_STATUS_MESSAGE(name, message) message,
        DALIL_STATUS_LIST(DALIL_STATUS_MESSAGE)
#undef DALIL_STATUS_MESSAGE
    };
    if ((unsigned)status >= DALIL_STATUS_COUNT)
        return "unknown status";
    return messages[status];
}
