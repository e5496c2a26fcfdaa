# CDF of flow completion times: fabric-plot fct-cdf.
set xlabel 'flow completion time (µs)'
set ylabel 'fraction of flows'
set yrange [0:1.02]
set ytics 0.2
set key bottom right
