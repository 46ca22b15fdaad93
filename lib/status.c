/* status.c: messages for dalil_status_t and labels for dalil_rule_t, from the X-macro
 * lists in dalil.h. */
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

const char *dalil_rule_str(dalil_rule_t rule)
{
    static const char *const labels[] = {
#define DALIL_RULE_LABEL(name, label) label,
        DALIL_RULE_LIST(DALIL_RULE_LABEL)
#undef DALIL_RULE_LABEL
    };
    if ((unsigned)rule >= DALIL_RULE_COUNT)
        return "unknown";
    return labels[rule];
}
