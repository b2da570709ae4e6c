package io.ledgerline.cli.export;

import java.io.IOException;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Compresses Parquet pages with SNAPPY through snappy-java (on the class path for the Kafka clients already).
 * parquet-java's own {@code CodecFactory} is built on Hadoop's codec classes and cannot even be loaded without them;
 * this factory is what lets the writer run with no Hadoop jar present. The export only writes, so it offers no
 * decompressor.
 */
final class SnappyPages implements CompressionCodecFactory {

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        if (codec != CompressionCodecName.SNAPPY) {
            throw new IllegalArgumentException("only SNAPPY pages are written, not " + codec);
        }
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput page) throws IOException {
                return BytesInput.from(Snappy.compress(page.toByteArray()));
            }

            @Override
            public CompressionCodecName getCodecName() {
                return CompressionCodecName.SNAPPY;
            }

            @Override
            public void release() {
                // Holds no buffers between pages.
            }
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        throw new UnsupportedOperationException("the export writes Parquet files, it does not read them");
    }

    @Override
    public void release() {
        // Holds nothing.
    }
}
