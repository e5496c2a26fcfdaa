# One bar per variant (effective throughput standard vs spectrum-x): fabric-plot bars.
set style fill solid 0.9 border rgb '#333333'
set boxwidth 0.55
unset key
set grid noxtics ytics
set xtics font ',15'
