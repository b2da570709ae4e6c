package io.ledgerline.command.processing;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** How one aggregate family's state is written inside a {@link VersionedStateSerde} record. */
interface StateFormat<S> {

    void write(S state, DataOutput out) throws IOException;

    S read(DataInput in) throws IOException;
}
