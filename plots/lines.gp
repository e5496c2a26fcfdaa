# Y against X per variant (throughput or busbw vs message size): fabric-plot lines.
set key bottom right
set yrange [0:*]
set offsets 0, 0, graph 0.05, 0
set style data linespoints
set bars 1.5
