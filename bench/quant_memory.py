"""Memory of a GPT-OSS-shaped model: bf16 vs plain transformers+bitsandbytes 4-bit vs fi_lora's 4-bit (experts included).

Plain transformers+bitsandbytes swaps `nn.Linear` for `Linear4bit` and silently skips GPT-OSS's MoE experts,
which are 3-D `nn.Parameter`s (bitsandbytes issue #1849); fi_lora quantises those too. The model is random
(no weights needed), GPT-OSS-shaped (router + experts, alternating sliding/full attention, sinks) and large
enough that the embeddings do not dominate. Memory is counted from the tensors themselves (parameters,
buffers and the 4-bit quantisation statistics, each storage once) after loading through `from_pretrained`
— the same code path real weights take. Runs on CPU.

    python bench/quant_memory.py [--layers 6] [--experts 32] [--hidden 1024] [--vocab 4096]
"""
import argparse, os, sys, tempfile, time, warnings
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
warnings.filterwarnings('ignore')

import torch
from transformers import AutoModelForCausalLM, BitsAndBytesConfig, GptOssConfig, GptOssForCausalLM
from transformers.utils import logging as hf_logging
from fi_lora.config import FILoRAConfig
from fi_lora.training import load_base_model, model_memory_bytes, is_4bit_param, build_tiny_gpt_oss

hf_logging.disable_progress_bar(); hf_logging.set_verbosity_error()


def gpt_oss_config(layers, experts, hidden, vocab, **kw):
    return GptOssConfig(vocab_size=vocab, hidden_size=hidden, intermediate_size=hidden, num_hidden_layers=layers,
                        num_attention_heads=hidden // 64, num_key_value_heads=max(1, hidden // 256), head_dim=64,
                        num_local_experts=experts, num_experts_per_tok=4, sliding_window=128, max_position_embeddings=4096,
                        layer_types=['sliding_attention', 'full_attention'] * (layers // 2) + ['sliding_attention'] * (layers % 2),
                        rope_parameters=dict(rope_type='yarn', rope_theta=150000.0, factor=32.0, beta_fast=32.0, beta_slow=1.0,
                                             original_max_position_embeddings=128, truncate=False),
                        tie_word_embeddings=False, pad_token_id=0, eos_token_id=1, bos_token_id=2, **kw)


def param_shares(model):
    "Parameter counts by kind: experts, other decoder weights, embeddings + head."
    out = dict(experts=0, decoder_other=0, embed_head=0)
    for n, p in model.named_parameters():
        k = 'experts' if '.experts.' in n else 'embed_head' if ('embed_tokens' in n or 'lm_head' in n) else 'decoder_other'
        out[k] += p.numel()
    return out


def bf16_fraction(model):
    "Share of the model's bytes still held in bf16/fp32 tensors."
    tot = model_memory_bytes(model)
    flt = sum(p.numel() * p.element_size() for p in model.parameters() if p.is_floating_point())
    return flt / tot


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--layers', type=int, default=6); ap.add_argument('--experts', type=int, default=32)
    ap.add_argument('--hidden', type=int, default=1024); ap.add_argument('--vocab', type=int, default=4096)
    a = ap.parse_args()
    cfg = gpt_oss_config(a.layers, a.experts, a.hidden, a.vocab)
    torch.manual_seed(0)
    t0 = time.time()
    prev = torch.get_default_dtype(); torch.set_default_dtype(torch.bfloat16)
    try: model = GptOssForCausalLM(cfg)
    finally: torch.set_default_dtype(prev)
    shares = param_shares(model); n = sum(shares.values())
    print(f"GPT-OSS-shaped random model: {a.layers} layers, {a.experts} experts (top-4), hidden {a.hidden}, vocab {a.vocab}: "
          f"{n/1e6:.0f}M parameters — experts {100*shares['experts']/n:.1f}%, attention/router/norms "
          f"{100*shares['decoder_other']/n:.1f}%, embeddings+head {100*shares['embed_head']/n:.1f}%  (built in {time.time()-t0:.0f}s)")
    rows = []
    with tempfile.TemporaryDirectory() as d:
        model.save_pretrained(d); del model
        tiny = build_tiny_gpt_oss()   # borrow its tokenizer files: load_base_model loads model + tokenizer together
        for f in ('tokenizer.json', 'tokenizer_config.json', 'chat_template.jinja'):
            if (tiny/f).is_file(): (Path(d)/f).write_bytes((tiny/f).read_bytes())
        ids = torch.randint(3, a.vocab, (1, 32))

        t0 = time.time(); m = AutoModelForCausalLM.from_pretrained(d, dtype=torch.bfloat16, attn_implementation='eager')
        bf16_mb = model_memory_bytes(m) / 2**20
        rows.append(('bf16', bf16_mb, 1.0, time.time() - t0)); del m

        t0 = time.time()
        q = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type='nf4', bnb_4bit_use_double_quant=True,
                               bnb_4bit_compute_dtype=torch.bfloat16)
        m = AutoModelForCausalLM.from_pretrained(d, dtype=torch.bfloat16, attn_implementation='eager', quantization_config=q)
        plain_mb = model_memory_bytes(m) / 2**20
        ex = m.model.layers[0].mlp.experts
        plain_left = bf16_fraction(m)
        print(f"plain transformers+bitsandbytes: experts quantised? {is_4bit_param(ex, 'gate_up_proj')}; expert dtype "
              f"{ex.gate_up_proj.dtype}; {100*plain_left:.0f}% of its bytes are still bf16")
        rows.append(('plain transformers+bnb 4-bit', plain_mb, plain_mb / bf16_mb, time.time() - t0)); del m

        t0 = time.time()
        m, _ = load_base_model(FILoRAConfig(MODEL_NAME=d, USE_4BIT_QUANTIZATION=True, DEVICE='cpu'), for_training=False)
        ours_mb = model_memory_bytes(m) / 2**20
        ex = m.model.layers[0].mlp.experts
        print(f"fi_lora: experts quantised? {is_4bit_param(ex, 'gate_up_proj') and is_4bit_param(ex, 'down_proj')}; "
              f"{100*bf16_fraction(m):.0f}% of its bytes are still bf16 (embeddings, head, norms, biases, router)")
        t_load = time.time() - t0
        with torch.no_grad(): assert torch.isfinite(m(ids).logits).all()   # the quantised model runs
        rows.append(('fi_lora 4-bit (experts incl.)', ours_mb, ours_mb / bf16_mb, t_load)); del m

    print(f"\n{'variant':32} {'MB':>9} {'vs bf16':>8} {'load s':>7}")
    for name, mb, r, t in rows:
        print(f"{name:32} {mb:9.1f} {r:8.3f} {t:7.1f}")
    ratio = ours_mb / bf16_mb
    print(f"\nfi_lora 4-bit uses {100*ratio:.1f}% of bf16 ({100*(1-ratio):.0f}% reduction; target <= 30%); "
          f"plain bitsandbytes keeps {100*plain_mb/bf16_mb:.1f}%.")
    # what the same per-parameter costs mean at GPT-OSS's real shapes (parameter counts on the meta device)
    q_mb = (ours_mb - shares['embed_head'] * 2 / 2**20) / (shares['experts'] + shares['decoder_other'])  # MB per non-embedding parameter
    for name, kw in (('gpt-oss-20b', dict(num_hidden_layers=24, num_local_experts=32)), ('gpt-oss-120b', {})):
        with torch.device('meta'): real = GptOssForCausalLM(GptOssConfig(**kw))
        s = param_shares(real); tot = sum(s.values()); del real
        est = (q_mb * (s['experts'] + s['decoder_other']) + s['embed_head'] * 2 / 2**20) / (tot * 2 / 2**20)
        print(f"projected at {name} shapes ({tot/1e9:.1f}B parameters, embeddings+head {100*s['embed_head']/tot:.1f}% kept in bf16): "
              f"~{100*est:.1f}% of bf16")
    print(f"RESULT bf16_mb={bf16_mb:.1f} plain_bnb_mb={plain_mb:.1f} fi_lora_mb={ours_mb:.1f} ratio={ratio:.3f}")
    return 0 if ratio <= 0.30 else 1


if __name__ == '__main__':
    sys.exit(main())
