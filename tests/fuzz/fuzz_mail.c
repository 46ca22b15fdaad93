/* fuzz_mail.c: the RFC-822 mail and news reader on arbitrary bytes: headers and their
 * continuation lines, uuencoded blocks in the body. */
#include "reader_check.h"

static int read_mail(ix_reader_t *reader, const char *text, size_t len, int variant)
{
    (void)variant;
    return ix_read_mail(reader, text, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    run_reader(read_mail, data, size, 0, NULL);
    return 0;
}
